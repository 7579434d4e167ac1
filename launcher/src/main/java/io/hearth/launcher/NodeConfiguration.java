package io.hearth.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Configuration for Config Admin, by PID, read from a small file format:
 *
 * <pre>
 * # comment
 * [io.hearth.store]               a configuration PID
 * max.tx.bytes = 1048576          java.util.Properties syntax inside a section
 * [my.factory~one]                a factory configuration (factory PID ~ name)
 * </pre>
 *
 * Values are strings: DS converts them to the types of a component's configuration annotation.
 * {@code ${name}} in a value is replaced by a framework or system property, e.g. {@code
 * ${hearth.data}}. Immutable.
 */
final class NodeConfiguration {

  private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\s*([^\\]\\s]+)\\s*\\]\\s*$");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)\\}");

  private final Map<String, Map<String, String>> byPid;

  private NodeConfiguration(Map<String, Map<String, String>> byPid) {
    this.byPid = byPid;
  }

  static NodeConfiguration empty() {
    return new NodeConfiguration(Map.of());
  }

  /** A configuration of these properties by PID (copied). */
  static NodeConfiguration of(Map<String, Map<String, String>> byPid) {
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    byPid.forEach((pid, values) -> copy.put(pid, new LinkedHashMap<>(values)));
    return new NodeConfiguration(copy);
  }

  /**
   * Reads the format above.
   *
   * @throws IllegalArgumentException naming {@code source} and the line, for a key outside any
   *     section
   */
  static NodeConfiguration parse(Reader reader, String source) throws IOException {
    Map<String, StringBuilder> sections = new LinkedHashMap<>();
    StringBuilder current = null;
    BufferedReader lines = new BufferedReader(reader);
    int number = 0;
    for (String line; (line = lines.readLine()) != null; ) {
      number++;
      Matcher section = SECTION.matcher(line);
      if (section.matches()) {
        current = sections.computeIfAbsent(section.group(1), pid -> new StringBuilder());
      } else if (current != null) {
        current.append(line).append('\n');
      } else if (!line.isBlank() && !line.strip().startsWith("#") && !line.strip().startsWith("!")) {
        throw new IllegalArgumentException(
            source + ":" + number + ": a [pid] section must come before '" + line.strip() + "'");
      }
    }
    Map<String, Map<String, String>> byPid = new LinkedHashMap<>();
    for (Map.Entry<String, StringBuilder> e : sections.entrySet()) {
      Properties props = new Properties();
      props.load(new StringReader(e.getValue().toString()));
      Map<String, String> values = new LinkedHashMap<>();
      props.stringPropertyNames().stream().sorted().forEach(k -> values.put(k, props.getProperty(k)));
      byPid.put(e.getKey(), values);
    }
    return new NodeConfiguration(byPid);
  }

  /** This configuration with {@code other}'s PIDs added and its keys replacing this one's. */
  NodeConfiguration overriddenBy(NodeConfiguration other) {
    Map<String, Map<String, String>> merged = new LinkedHashMap<>();
    byPid.forEach((pid, values) -> merged.put(pid, new LinkedHashMap<>(values)));
    other.byPid.forEach((pid, values) -> merged.computeIfAbsent(pid, p -> new LinkedHashMap<>()).putAll(values));
    return new NodeConfiguration(merged);
  }

  /**
   * This configuration with every {@code ${name}} replaced by {@code lookup.apply(name)}.
   *
   * @throws IllegalArgumentException for a name {@code lookup} does not know (returns null)
   */
  NodeConfiguration resolved(UnaryOperator<String> lookup) {
    Map<String, Map<String, String>> resolved = new LinkedHashMap<>();
    byPid.forEach(
        (pid, values) -> {
          Map<String, String> out = new LinkedHashMap<>();
          values.forEach((key, value) -> out.put(key, substitute(pid, key, value, lookup)));
          resolved.put(pid, out);
        });
    return new NodeConfiguration(resolved);
  }

  /** PID (or {@code factoryPid~name}) to properties, in file order. */
  Map<String, Map<String, String>> byPid() {
    return Collections.unmodifiableMap(byPid);
  }

  private static String substitute(String pid, String key, String value, UnaryOperator<String> lookup) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = lookup.apply(m.group(1));
      if (replacement == null) {
        throw new IllegalArgumentException(
            "[" + pid + "] " + key + ": unknown variable ${" + m.group(1) + "}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
