package io.hearth.shell.internal;

import java.security.SecureRandom;

/**
 * Fresh object ids in the form the orchestrator uses for tasks: 25 characters of base 32 (125
 * random bits), so no two shells, or a shell and a plugin, ever pick the same one.
 */
public final class Ids {
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuv".toCharArray();
  private static final int LENGTH = 25;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** How many characters of an id the tables show; enough to tell ids apart in practice. */
  public static final int SHORT = 12;

  private Ids() {}

  public static String next() {
    byte[] bytes = new byte[LENGTH];
    RANDOM.nextBytes(bytes);
    char[] id = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      id[i] = ALPHABET[bytes[i] & 31];
    }
    return new String(id);
  }

  public static String shortId(String id) {
    return id.length() <= SHORT ? id : id.substring(0, SHORT);
  }
}
