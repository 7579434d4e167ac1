package io.hearth.scheduler.internal;

import io.hearth.model.Node;
import io.hearth.model.NodeRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One placement constraint, {@code <key>==<value>} or {@code <key>!=<value>}, as SwarmKit
 * writes them. Keys: {@code node.id}, {@code node.hostname}, {@code node.role}
 * ({@code manager} or {@code worker}), {@code node.platform.os}, {@code node.platform.arch},
 * {@code node.labels.<label>} (the node's spec labels) and {@code engine.labels.<label>} (the
 * labels its engine reports). Values compare ignoring case; a label the node does not carry
 * reads as the empty string, so {@code node.labels.zone!=east} holds on a node without a zone.
 * Architectures compare by Docker's names ({@code x86_64} is {@code amd64}).
 */
record Constraint(String key, boolean equals, String value) {
  private static final String NODE_LABELS = "node.labels.";
  private static final String ENGINE_LABELS = "engine.labels.";

  /**
   * Parses the constraints of a task.
   *
   * @throws IllegalArgumentException naming the first constraint that does not parse
   */
  static List<Constraint> parseAll(List<String> expressions) {
    List<Constraint> parsed = new ArrayList<>(expressions.size());
    for (String expression : expressions) {
      parsed.add(parse(expression));
    }
    return parsed;
  }

  /** Parses one constraint; see the class comment for the forms. */
  static Constraint parse(String expression) {
    int eq = expression.indexOf("==");
    int ne = expression.indexOf("!=");
    int at;
    boolean equals;
    if (eq >= 0 && (ne < 0 || eq < ne)) {
      at = eq;
      equals = true;
    } else if (ne >= 0) {
      at = ne;
      equals = false;
    } else {
      throw new IllegalArgumentException("invalid constraint \"" + expression
          + "\": expected <key>==<value> or <key>!=<value>");
    }
    String key = expression.substring(0, at).trim();
    String value = expression.substring(at + 2).trim();
    if (value.contains("==") || value.contains("!=")) {
      throw new IllegalArgumentException("invalid constraint \"" + expression
          + "\": more than one operator");
    }
    String lower = key.toLowerCase(Locale.ROOT);
    boolean known = switch (lower) {
      case "node.id", "node.hostname", "node.role", "node.platform.os", "node.platform.arch" ->
          true;
      default -> (lower.startsWith(NODE_LABELS) && key.length() > NODE_LABELS.length())
          || (lower.startsWith(ENGINE_LABELS) && key.length() > ENGINE_LABELS.length());
    };
    if (!known) {
      throw new IllegalArgumentException("invalid constraint \"" + expression
          + "\": unknown key \"" + key + "\"");
    }
    if (lower.equals("node.role") && !value.equalsIgnoreCase("manager")
        && !value.equalsIgnoreCase("worker")) {
      throw new IllegalArgumentException("invalid constraint \"" + expression
          + "\": node.role is manager or worker");
    }
    return new Constraint(key, equals, value);
  }

  /** Whether {@code node} satisfies this constraint. */
  boolean matches(Node node) {
    boolean same = key.equalsIgnoreCase("node.platform.arch")
        ? Requirements.arch(value).equals(Requirements.arch(actual(node)))
        : value.equalsIgnoreCase(actual(node));
    return equals == same;
  }

  private String actual(Node node) {
    String lower = key.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "node.id":
        return node.getId();
      case "node.hostname":
        return node.getDescription().getHostname();
      case "node.role":
        return node.getRole() == NodeRole.NODE_ROLE_MANAGER ? "manager" : "worker";
      case "node.platform.os":
        return node.getDescription().getPlatform().getOs();
      case "node.platform.arch":
        return node.getDescription().getPlatform().getArchitecture();
      default:
        break;
    }
    if (lower.startsWith(NODE_LABELS)) {
      return node.getSpec().getAnnotations().getLabelsOrDefault(
          key.substring(NODE_LABELS.length()), "");
    }
    return node.getDescription().getEngineLabelsOrDefault(
        key.substring(ENGINE_LABELS.length()), "");
  }

  @Override
  public String toString() {
    return key + (equals ? "==" : "!=") + value;
  }
}
