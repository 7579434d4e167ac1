package io.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
}
