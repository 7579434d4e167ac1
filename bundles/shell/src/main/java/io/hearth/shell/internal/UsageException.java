package io.hearth.shell.internal;

/** A command was typed wrongly (unknown option, missing argument): the shell adds its usage. */
public final class UsageException extends CommandException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
