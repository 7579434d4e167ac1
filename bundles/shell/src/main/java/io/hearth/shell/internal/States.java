package io.hearth.shell.internal;

import com.google.protobuf.ProtocolMessageEnum;
import io.hearth.model.NodeAvailability;
import io.hearth.model.NodeRole;
import io.hearth.model.NodeState;
import io.hearth.model.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Protobuf enum values as a person types and reads them: {@code TASK_STATE_RUNNING} is
 * {@code running}, {@code NODE_AVAILABILITY_DRAIN} is {@code drain}.
 */
public final class States {
  private States() {}

  /** The short lower-case name of {@code value}, e.g. {@code running}. */
  public static String name(ProtocolMessageEnum value) {
    String full = ((Enum<?>) value).name();
    String prefix = prefix(value.getDescriptorForType().getName());
    return (full.startsWith(prefix) ? full.substring(prefix.length()) : full)
        .toLowerCase(Locale.ROOT);
  }

  public static TaskState taskState(String text) {
    return parse(text, TaskState.values(), "task state");
  }

  public static NodeState nodeState(String text) {
    return parse(text, NodeState.values(), "node state");
  }

  public static NodeAvailability availability(String text) {
    return parse(text, NodeAvailability.values(), "node availability");
  }

  public static NodeRole role(String text) {
    return parse(text, NodeRole.values(), "node role");
  }

  /** {@code TaskState} to {@code TASK_STATE_}. */
  private static String prefix(String enumType) {
    return enumType.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + "_";
  }

  private static <E extends Enum<E> & ProtocolMessageEnum> E parse(String text, E[] values,
      String what) {
    List<String> names = new ArrayList<>();
    for (E value : values) {
      if (value.name().equals("UNRECOGNIZED")) {
        continue;
      }
      String name = name(value);
      if (name.equalsIgnoreCase(text) || value.name().equalsIgnoreCase(text)) {
        return value;
      }
      names.add(name);
    }
    throw new CommandException("unknown " + what + " '" + text + "' (one of: "
        + String.join(", ", names) + ")");
  }
}
