package io.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigurationTest {

  private static NodeConfiguration parse(String text) throws IOException {
    return NodeConfiguration.parse(new StringReader(text), "test.cfg");
  }

  @Test
  void readsSectionsAsPidsWithPropertiesSyntax() throws IOException {
    NodeConfiguration c = parse("""
        # comment
        [io.hearth.store]
        max.tx.bytes = 1048576
        name: a\\
          b
        [my.factory~one]
        x=1
        """);
    assertEquals(
        Map.of("io.hearth.store", Map.of("max.tx.bytes", "1048576", "name", "ab"),
            "my.factory~one", Map.of("x", "1")),
        c.byPid());
  }

  @Test
  void aKeyBeforeAnySectionIsAnErrorNamingTheLine() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse("# c\n\nkey = v\n[p]\n"));
    assertTrue(e.getMessage().startsWith("test.cfg:3:"), e.getMessage());
  }

  @Test
  void anOverrideReplacesKeysOneByOneAndAddsPids() throws IOException {
    NodeConfiguration merged = parse("[a]\nx=1\ny=2\n").overriddenBy(parse("[a]\ny=3\n[b]\nz=4\n"));
    assertEquals(Map.of("a", Map.of("x", "1", "y", "3"), "b", Map.of("z", "4")), merged.byPid());
  }

  @Test
  void variablesAreResolvedAndUnknownOnesRejected() throws IOException {
    NodeConfiguration c = parse("[a]\ndir=${hearth.data}/log\n");
    assertEquals("/d/log", c.resolved(n -> n.equals("hearth.data") ? "/d" : null).byPid().get("a").get("dir"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.resolved(n -> null));
    assertTrue(e.getMessage().contains("${hearth.data}"), e.getMessage());
  }

  @Test
  void theEmbeddedDefaultsParse() throws IOException {
    try (var in = NodeConfiguration.class.getClassLoader().getResourceAsStream(HearthNode.DEFAULTS)) {
      NodeConfiguration.parse(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8),
              HearthNode.DEFAULTS)
          .resolved(n -> "/x");
    }
  }
}
