package io.hearth.shell.internal.component;

import io.hearth.shell.internal.Shell;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;

/**
 * One shell command as a Gogo {@link Function} service. Gogo maps a function name to a Java
 * method by name, which cannot carry the hyphen of {@code service-create}; a {@code Function}
 * target receives the arguments as typed instead, and the shell parses them itself.
 *
 * <p>Output goes to {@code System.out}/{@code System.err}, which Gogo routes to the calling
 * session (so pipes such as {@code hearth:ls tasks | grep running} work). Returns nothing, so
 * the console prints nothing more.
 */
final class GogoCommand implements Function {
  private final Shell shell;
  private final String name;

  GogoCommand(Shell shell, String name) {
    this.shell = shell;
    this.name = name;
  }

  @Override
  public Object execute(CommandSession session, List<Object> arguments) {
    List<String> args = new ArrayList<>(arguments.size());
    for (Object a : arguments) {
      args.add(String.valueOf(a));
    }
    shell.execute(name, args, System.out, System.err);
    return null;
  }
}
