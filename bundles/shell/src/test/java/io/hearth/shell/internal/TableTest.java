package io.hearth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void columnsAreAsWideAsTheirWidestCellTwoSpacesApartWithoutTrailingBlanks() {
    String table = new Table("ID", "NAME", "STATE")
        .row("abc", "web.1", "running")
        .row("d", "a-much-longer-name", "")
        .row("efgh", null, "pending")
        .render();
    assertEquals(String.join("\n",
        "ID    NAME                STATE",
        "abc   web.1               running",
        "d     a-much-longer-name  -",
        "efgh  -                   pending",
        ""), table);
  }

  @Test
  void theLastColumnIsNotPadded() {
    assertEquals("A  LONG HEADER\nx  y\n", new Table("A", "LONG HEADER").row("x", "y").render());
  }

  @Test
  void aRowWithTheWrongNumberOfCellsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").row("only one"));
  }

  @Test
  void sizeCountsRowsWithoutTheHeader() {
    assertEquals(0, new Table("A").size());
    assertEquals(2, new Table("A").row("1").row("2").size());
  }
}
