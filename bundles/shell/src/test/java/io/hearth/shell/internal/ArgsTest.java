package io.hearth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {
  private static final Set<String> OPTIONS = Set.of("replicas", "label", "image");
  private static final Set<String> FLAGS = Set.of("force");

  private static Args parse(String... args) {
    return Args.parse(List.of(args), OPTIONS, FLAGS);
  }

  @Test
  void splitsPositionalsOptionsAndFlagsInAnyOrder() {
    Args a = parse("web", "--replicas", "3", "--force", "--image=nginx:1", "extra");
    assertEquals(List.of("web", "extra"), a.positional());
    assertEquals("3", a.option("replicas"));
    assertEquals("nginx:1", a.option("image"));
    assertTrue(a.flag("force"));
    assertFalse(a.has("label"));
    assertNull(a.option("label"));
  }

  @Test
  void repeatableOptionsKeepEveryValueInOrderAndTheLastWinsForOne() {
    Args a = parse("--label", "zone=east", "--label", "disk=ssd", "--replicas", "1",
        "--replicas", "2");
    assertEquals(List.of("zone=east", "disk=ssd"), a.options("label"));
    assertEquals("2", a.option("replicas"));
  }

  @Test
  void anUnknownOptionIsRefusedNamingTheKnownOnes() {
    UsageException e = assertThrows(UsageException.class, () -> parse("--replica", "3"));
    assertEquals("unknown option --replica (known: --force, --image, --label, --replicas)",
        e.getMessage());
  }

  @Test
  void anOptionWithoutItsValueIsRefused() {
    assertEquals("--replicas needs a value",
        assertThrows(UsageException.class, () -> parse("web", "--replicas")).getMessage());
    assertEquals("--replicas needs a value",
        assertThrows(UsageException.class, () -> parse("--replicas", "--force")).getMessage());
    assertEquals("--image needs a value",
        assertThrows(UsageException.class, () -> parse("--image=")).getMessage());
    assertEquals("--force takes no value",
        assertThrows(UsageException.class, () -> parse("--force=yes")).getMessage());
  }

  @Test
  void numbersAreCheckedForFormAndRange() {
    assertEquals(7, parse("--replicas", "7").number("replicas", 1, 0, 10));
    assertEquals(1, parse().number("replicas", 1, 0, 10));
    assertEquals("--replicas: not a whole number: 'three'", assertThrows(CommandException.class,
        () -> parse("--replicas", "three").number("replicas", 1, 0, 10)).getMessage());
    assertEquals("--replicas: 11 is out of range [0, 10]", assertThrows(CommandException.class,
        () -> parse("--replicas", "11").number("replicas", 1, 0, 10)).getMessage());
  }

  @Test
  void missingAndSurplusPositionalsAreUsageErrors() {
    assertEquals("missing service name", assertThrows(UsageException.class,
        () -> parse().positional(0, "service name")).getMessage());
    assertEquals("unexpected argument 'b'", assertThrows(UsageException.class,
        () -> parse("a", "b").atMostPositional(1)).getMessage());
  }
}
