package io.hearth.scheduler.internal;

/** Why a node cannot take a task: the first filter it fails, in the order they are checked. */
enum Misfit {
  NOT_READY("not ready"),
  NOT_ACCEPTED("not accepted into the cluster"),
  PAUSED("paused"),
  DRAINED("drained"),
  CONSTRAINTS("not matching the placement constraints"),
  PLATFORM("of an unsupported platform"),
  CPU("with insufficient CPU"),
  MEMORY("with insufficient memory"),
  CPU_AND_MEMORY("with insufficient CPU and memory");

  private final String text;

  Misfit(String text) {
    this.text = text;
  }

  /** Follows "N nodes", e.g. "not ready". */
  String text() {
    return text;
  }
}
