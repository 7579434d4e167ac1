package io.hearth.allocator.internal;

/** IPv4 addresses as unsigned 32-bit values in a {@code long}, and their text forms. */
final class Ipv4 {
  private Ipv4() {
  }

  /** A subnet in CIDR form: its network address (host bits cleared) and prefix length. */
  record Cidr(long network, int prefix) { }

  /**
   * Parses {@code a.b.c.d}.
   *
   * @throws IllegalArgumentException if it is not a dotted-quad IPv4 address
   */
  static long parse(String text) {
    // One pass over the characters: the allocator parses every address of every task event.
    long value = 0;
    int parts = 0;
    int digits = 0;
    int octet = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '.') {
        if (digits == 0 || octet > 255 || ++parts > 4) {
          throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        value = (value << 8) | octet;
        digits = 0;
        octet = 0;
        continue;
      }
      int digit = Character.digit(text.charAt(i), 10);
      if (digit < 0 || ++digits > 3) {
        throw new IllegalArgumentException("not an IPv4 address: " + text);
      }
      octet = octet * 10 + digit;
    }
    if (parts != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + text);
    }
    return value;
  }

  /**
   * Parses {@code a.b.c.d/n}; host bits are cleared ({@code 10.0.0.7/24} is {@code 10.0.0.0/24}).
   *
   * @throws IllegalArgumentException if it is not IPv4 CIDR
   */
  static Cidr parseCidr(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not IPv4 CIDR (a.b.c.d/n): " + text);
    }
    long address = parse(text.substring(0, slash));
    int prefix;
    try {
      prefix = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not IPv4 CIDR (a.b.c.d/n): " + text);
    }
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("not IPv4 CIDR (a.b.c.d/n): " + text);
    }
    long mask = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    return new Cidr(address & mask, prefix);
  }

  /**
   * The address of {@code a.b.c.d/n} or {@code a.b.c.d}, or -1 if the text is neither (an
   * address recorded by someone else in a form this allocator does not read).
   */
  static long addressOf(String text) {
    int slash = text.indexOf('/');
    try {
      return parse(slash < 0 ? text : text.substring(0, slash));
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  static String format(long address) {
    return ((address >>> 24) & 255) + "." + ((address >>> 16) & 255) + "."
        + ((address >>> 8) & 255) + "." + (address & 255);
  }
}
