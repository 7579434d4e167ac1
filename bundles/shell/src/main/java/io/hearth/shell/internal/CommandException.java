package io.hearth.shell.internal;

/**
 * A command cannot run as typed: a bad option or value, or a reference to an object that does
 * not resolve. Its message is the one line the shell prints; nothing was written.
 */
public class CommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommandException(String message) {
    super(message);
  }
}
