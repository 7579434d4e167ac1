package io.hearth.launcher;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The launcher's command line.
 *
 * @param dataDir absolute data directory: {@code --data}, else {@code -Dhearth.data}, else
 *     {@code ./hearth-data}
 * @param configFile external configuration read over the embedded defaults, or null
 * @param shell whether the Gogo console reads standard input ({@code --no-shell} turns it off,
 *     for runs as a service, where standard input may be /dev/null: its end would stop the node)
 * @param help whether to print the usage and stop
 * @param flagConfiguration what {@code --id}, {@code --address}, {@code --peers}, {@code --join}
 *     and {@code --demo} set, by PID: the same properties as the configuration file, read over
 *     it
 */
record LauncherOptions(Path dataDir, Path configFile, boolean shell, boolean help,
    Map<String, Map<String, String>> flagConfiguration) {

  static final String REPLICATION_PID = "io.hearth.replication";
  static final String DEMO_PID = "io.hearth.shell.demo";
  private static final Pattern ADDRESS = Pattern.compile("([^\\s:=,]+):(\\d{1,5})");
  private static final Pattern PEER = Pattern.compile("([^\\s=,]+)=([^\\s:=,]+:\\d{1,5})");

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar hearth-launcher.jar [--data <dir>] [--config <file>] [--no-shell]",
          "         [--id <node id>] [--address <host:port>] [--peers <id=host:port,...>]",
          "         [--join] [--demo]",
          "  --data <dir>       data directory (default: -Dhearth.data, else ./hearth-data)",
          "  --config <file>    configuration read over the embedded defaults, key by key",
          "  --no-shell         no Gogo console on standard input; stop with SIGTERM",
          "  --id <id>          this node's id in the Raft group (default node-1)",
          "  --address <h:p>    where the group reaches this node, bound as given (default",
          "                     127.0.0.1 and a free port; with --peers, this node's entry)",
          "  --peers <list>     the group's initial members, id=host:port,... (this node too)",
          "  --join             start with no group, to be added from the leader (hearth:raft-add)",
          "  --demo             once this node leads, register simulated nodes and services",
          "The flags override --config, which overrides the defaults. No flags: a single-node",
          "control plane. Standard input is a Gogo shell (try hearth:help): each line runs as",
          "typed; end of input stops the node.");

  LauncherOptions {
    flagConfiguration = Collections.unmodifiableMap(flagConfiguration);
  }

  static LauncherOptions parse(String[] args, Properties systemProperties) {
    String data = systemProperties.getProperty("hearth.data", "hearth-data");
    String config = null;
    boolean shell = true;
    boolean help = false;
    String id = null;
    String address = null;
    String peers = null;
    boolean join = false;
    boolean demo = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      switch (name) {
        case "--data" -> data = inline != null ? nonEmpty(inline, name) : valueOf(args, ++i, name);
        case "--config" -> config = inline != null ? nonEmpty(inline, name) : valueOf(args, ++i, name);
        case "--id" -> id = inline != null ? nonEmpty(inline, name) : valueOf(args, ++i, name);
        case "--address" -> address = inline != null ? nonEmpty(inline, name) : valueOf(args, ++i, name);
        case "--peers" -> peers = inline != null ? nonEmpty(inline, name) : valueOf(args, ++i, name);
        case "--no-shell" -> shell = flag(inline, name, false);
        case "--join" -> join = flag(inline, name, true);
        case "--demo" -> demo = flag(inline, name, true);
        case "-h", "--help" -> help = true;
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    return new LauncherOptions(absolute(data), config == null ? null : absolute(config), shell,
        help, flagConfiguration(id, address, peers, join, demo));
  }

  /** The Config Admin properties the flags stand for; checked so a typo fails at once. */
  private static Map<String, Map<String, String>> flagConfiguration(String id, String address,
      String peers, boolean join, boolean demo) {
    Map<String, String> replication = new LinkedHashMap<>();
    Map<String, String> peerAddresses = new LinkedHashMap<>();
    if (peers != null) {
      if (join) {
        throw new IllegalArgumentException("--join starts with no group and takes no --peers");
      }
      for (String peer : peers.split(",")) {
        var m = PEER.matcher(peer.strip());
        if (!m.matches()) {
          throw new IllegalArgumentException("--peers: '" + peer + "' is not id=host:port");
        }
        port(m.group(2).substring(m.group(2).lastIndexOf(':') + 1), "--peers");
        if (peerAddresses.put(m.group(1), m.group(2)) != null) {
          throw new IllegalArgumentException("--peers: " + m.group(1) + " is listed twice");
        }
      }
      if (id != null && !peerAddresses.containsKey(id)) {
        throw new IllegalArgumentException("--peers does not list this node (--id " + id
            + "); to join an existing group use --join");
      }
      replication.put("initial.peers", String.join(",", peerAddresses.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }
    if (id != null) {
      replication.put("node.id", id);
    }
    if (address == null && id != null && peerAddresses.containsKey(id)) {
      address = peerAddresses.get(id); // this node's own entry in the list
    }
    if (address != null) {
      var m = ADDRESS.matcher(address);
      if (!m.matches()) {
        throw new IllegalArgumentException("--address: '" + address + "' is not host:port");
      }
      replication.put("bind.address", m.group(1));
      replication.put("port", Integer.toString(port(m.group(2), "--address")));
    }
    if (join) {
      if (address == null) {
        throw new IllegalArgumentException("--join needs --address: the leader adds this node "
            + "there (hearth:raft-add <id> <host:port>)");
      }
      replication.put("join", "true");
    }
    Map<String, Map<String, String>> byPid = new LinkedHashMap<>();
    if (!replication.isEmpty()) {
      byPid.put(REPLICATION_PID, Collections.unmodifiableMap(replication));
    }
    if (demo) {
      byPid.put(DEMO_PID, Map.of("nodes", "5", "services", "3"));
    }
    return byPid;
  }

  private static int port(String text, String option) {
    int port = Integer.parseInt(text);
    if (port > 65535) {
      throw new IllegalArgumentException(option + ": port " + port + " is out of range");
    }
    return port;
  }

  private static boolean flag(String inline, String option, boolean value) {
    if (inline != null) {
      throw new IllegalArgumentException(option + " takes no value");
    }
    return value;
  }

  private static String valueOf(String[] args, int i, String option) {
    if (i >= args.length || args[i].isEmpty() || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static String nonEmpty(String value, String option) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  private static Path absolute(String path) {
    return Path.of(path).toAbsolutePath().normalize();
  }
}
