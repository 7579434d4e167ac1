package io.hearth.launcher;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The launcher's command line.
 *
 * @param dataDir absolute data directory: {@code --data}, else {@code -Dhearth.data}, else
 *     {@code ./hearth-data}
 * @param configFile external configuration read over the embedded defaults, or null
 * @param shell whether the Gogo console reads standard input ({@code --no-shell} turns it off,
 *     for runs as a service, where standard input may be /dev/null: its end would stop the node)
 * @param help whether to print the usage and stop
 */
record LauncherOptions(Path dataDir, Path configFile, boolean shell, boolean help) {

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar hearth-launcher.jar [--data <dir>] [--config <file>] [--no-shell]",
          "  --data <dir>     data directory (default: -Dhearth.data, else ./hearth-data)",
          "  --config <file>  configuration read over the embedded defaults, key by key",
          "  --no-shell       no Gogo console on standard input; stop with SIGTERM",
          "Standard input is a Gogo shell: each line runs as typed; end of input stops the node.");

  static LauncherOptions parse(String[] args, Properties systemProperties) {
    String data = systemProperties.getProperty("hearth.data", "hearth-data");
    String config = null;
    boolean shell = true;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--data" -> data = valueOf(args, ++i, arg);
        case "--config" -> config = valueOf(args, ++i, arg);
        case "--no-shell" -> shell = false;
        case "-h", "--help" -> help = true;
        default -> {
          if (arg.startsWith("--data=")) {
            data = arg.substring("--data=".length());
          } else if (arg.startsWith("--config=")) {
            config = arg.substring("--config=".length());
          } else {
            throw new IllegalArgumentException("unknown argument: " + arg);
          }
        }
      }
    }
    return new LauncherOptions(
        absolute(data), config == null ? null : absolute(config), shell, help);
  }

  private static String valueOf(String[] args, int i, String option) {
    if (i >= args.length || args[i].isEmpty()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static Path absolute(String path) {
    return Path.of(path).toAbsolutePath().normalize();
  }
}
