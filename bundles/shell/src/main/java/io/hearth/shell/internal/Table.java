package io.hearth.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of text printed in aligned columns: each column as wide as its widest cell, two spaces
 * apart, the last column not padded (no trailing blanks).
 */
public final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  public Table(String... headers) {
    this.columns = headers.length;
    rows.add(headers.clone());
  }

  /**
   * Adds a row; null cells print as {@code -}.
   *
   * @throws IllegalArgumentException if the row has another number of cells than the headers
   */
  public Table row(String... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException(columns + " cells expected: " + Arrays.toString(cells));
    }
    String[] row = new String[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = cells[i] == null || cells[i].isEmpty() ? "-" : cells[i];
    }
    rows.add(row);
    return this;
  }

  /** The number of rows, headers excluded. */
  public int size() {
    return rows.size() - 1;
  }

  /** The table, one line per row, each ending with a newline. */
  public String render() {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
