package io.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

  @Test
  void defaultsToHearthDataUnderTheWorkingDirectory() {
    LauncherOptions o = LauncherOptions.parse(new String[0], new Properties());
    assertEquals(Path.of("hearth-data").toAbsolutePath(), o.dataDir());
    assertNull(o.configFile());
    assertTrue(o.shell());
  }

  @Test
  void dataFlagWinsOverTheSystemProperty() {
    Properties system = new Properties();
    system.setProperty("hearth.data", "/from/property");
    assertEquals(Path.of("/from/property"), LauncherOptions.parse(new String[0], system).dataDir());
    assertEquals(Path.of("/from/flag"),
        LauncherOptions.parse(new String[] {"--data", "/from/flag"}, system).dataDir());
    assertEquals(Path.of("/eq"), LauncherOptions.parse(new String[] {"--data=/eq"}, system).dataDir());
  }

  @Test
  void readsConfigAndNoShell() {
    LauncherOptions o =
        LauncherOptions.parse(new String[] {"--config", "/c.cfg", "--no-shell"}, new Properties());
    assertEquals(Path.of("/c.cfg"), o.configFile());
    assertFalse(o.shell());
  }

  @Test
  void rejectsUnknownArgumentsAndMissingValues() {
    assertThrows(IllegalArgumentException.class,
        () -> LauncherOptions.parse(new String[] {"--bogus"}, new Properties()));
    assertThrows(IllegalArgumentException.class,
        () -> LauncherOptions.parse(new String[] {"--data"}, new Properties()));
  }

  @Test
  void noFlagsConfigureNothingSoTheDefaultsStandForASingleNode() {
    assertEquals(Map.of(), LauncherOptions.parse(new String[0], new Properties())
        .flagConfiguration());
  }

  @Test
  void idAddressAndPeersBecomeTheReplicationProperties() {
    LauncherOptions o = LauncherOptions.parse(new String[] {"--id", "n2", "--address",
        "127.0.0.1:9872", "--peers", "n1=127.0.0.1:9871,n2=127.0.0.1:9872, n3=127.0.0.1:9873"},
        new Properties());
    assertEquals(Map.of(LauncherOptions.REPLICATION_PID, Map.of(
        "node.id", "n2", "bind.address", "127.0.0.1", "port", "9872",
        "initial.peers", "n1=127.0.0.1:9871,n2=127.0.0.1:9872,n3=127.0.0.1:9873")),
        o.flagConfiguration());
  }

  @Test
  void withPeersTheAddressDefaultsToThisNodesEntry() {
    LauncherOptions o = LauncherOptions.parse(new String[] {"--id=n3",
        "--peers=n1=localhost:9871,n3=0.0.0.0:9873"}, new Properties());
    Map<String, String> replication = o.flagConfiguration().get(LauncherOptions.REPLICATION_PID);
    assertEquals("0.0.0.0", replication.get("bind.address"));
    assertEquals("9873", replication.get("port"));
  }

  @Test
  void joinAndDemo() {
    LauncherOptions o = LauncherOptions.parse(new String[] {"--id", "n4", "--address",
        "127.0.0.1:9874", "--join", "--demo"}, new Properties());
    assertEquals(Map.of("node.id", "n4", "bind.address", "127.0.0.1", "port", "9874",
        "join", "true"), o.flagConfiguration().get(LauncherOptions.REPLICATION_PID));
    assertEquals(Map.of("nodes", "5", "services", "3"),
        o.flagConfiguration().get(LauncherOptions.DEMO_PID));
  }

  @Test
  void badFlagsAreRefusedWithTheReason() {
    assertEquals("--address: 'localhost' is not host:port", refused("--address", "localhost"));
    assertEquals("--address: port 70000 is out of range", refused("--address", "h:70000"));
    assertEquals("--peers: 'n1:9871' is not id=host:port", refused("--peers", "n1:9871"));
    assertEquals("--peers: n1 is listed twice", refused("--peers", "n1=a:1,n1=b:2"));
    assertEquals("--peers does not list this node (--id n4); to join an existing group use "
        + "--join", refused("--id", "n4", "--peers", "n1=a:1"));
    assertEquals("--join starts with no group and takes no --peers",
        refused("--join", "--peers", "n1=a:1"));
    assertEquals("--join needs --address: the leader adds this node there (hearth:raft-add "
        + "<id> <host:port>)", refused("--id", "n4", "--join"));
    assertEquals("--demo takes no value", refused("--demo=yes"));
    assertEquals("--id needs a value", refused("--id", "--join"));
  }

  private static String refused(String... args) {
    return assertThrows(IllegalArgumentException.class,
        () -> LauncherOptions.parse(args, new Properties())).getMessage();
  }
}
