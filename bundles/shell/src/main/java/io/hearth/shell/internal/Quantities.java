package io.hearth.shell.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers as an operator types and reads them: whole numbers, CPUs ({@code 4}, {@code 0.5}),
 * sizes ({@code 512M}, {@code 8G}, binary units) and durations ({@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 2h}). Parsers throw {@link CommandException} naming the option.
 */
public final class Quantities {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final long NANOS_PER_CPU = 1_000_000_000L;
  private static final String[] UNITS = {"", "K", "M", "G", "T"};

  private Quantities() {}

  public static long wholeNumber(String what, String text, long min, long max) {
    long value;
    try {
      value = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new CommandException(what + ": not a whole number: '" + text + "'");
    }
    if (value < min || value > max) {
      throw new CommandException(what + ": " + value + " is out of range [" + min + ", "
          + max + "]");
    }
    return value;
  }

  /** CPUs ({@code 2}, {@code 0.25}) as nano-CPUs, the unit of {@code Resources.nano_cpus}. */
  public static long nanoCpus(String what, String text) {
    try {
      BigDecimal cpus = new BigDecimal(text.strip());
      if (cpus.signum() < 0 || cpus.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
        throw new CommandException(what + ": " + text + " CPUs is out of range [0, 1000000]");
      }
      return cpus.multiply(BigDecimal.valueOf(NANOS_PER_CPU)).longValue();
    } catch (NumberFormatException e) {
      throw new CommandException(what + ": not a number of CPUs: '" + text + "'");
    }
  }

  /** A size in bytes: a number with an optional binary unit K, M, G or T ({@code 8G}). */
  public static long bytes(String what, String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new CommandException(what + ": not a size (like 512M or 8G): '" + text + "'");
    }
    int power = m.group(2).isEmpty() ? 0 : "kmgt".indexOf(m.group(2)) + 1;
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new CommandException(what + ": too large: '" + text + "'");
    }
    return bytes.longValue();
  }

  /** A positive duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}. */
  public static Duration duration(String what, String text) {
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new CommandException(what + ": not a duration (like 500ms, 30s, 5m, 2h): '" + text
          + "'");
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new CommandException(what + ": too large: '" + text + "'");
    }
    Duration d = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
    if (d.isZero()) {
      throw new CommandException(what + ": must be more than zero");
    }
    return d;
  }

  /** Nano-CPUs as CPUs, without trailing zeros: {@code 4}, {@code 0.5}. */
  public static String cpus(long nanoCpus) {
    return BigDecimal.valueOf(nanoCpus).divide(BigDecimal.valueOf(NANOS_PER_CPU))
        .stripTrailingZeros().toPlainString();
  }

  /** Bytes in the largest binary unit that divides them exactly: {@code 8G}, {@code 1536M}. */
  public static String size(long bytes) {
    int unit = 0;
    while (unit < UNITS.length - 1 && bytes != 0 && bytes % 1024 == 0) {
      bytes /= 1024;
      unit++;
    }
    return bytes + UNITS[unit];
  }
}
