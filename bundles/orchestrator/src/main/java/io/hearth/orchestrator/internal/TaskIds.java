package io.hearth.orchestrator.internal;

import java.security.SecureRandom;

/** New object ids as SwarmKit makes them: 25 random characters of a base-32 alphabet. */
final class TaskIds {
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuv".toCharArray();
  private static final int LENGTH = 25;
  private final SecureRandom random = new SecureRandom();

  /** A fresh id (125 random bits). Not thread-safe; the orchestrator's thread owns it. */
  String next() {
    byte[] bytes = new byte[LENGTH];
    random.nextBytes(bytes);
    char[] id = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      id[i] = ALPHABET[bytes[i] & 31];
    }
    return new String(id);
  }
}
