package io.hearth.benchmarks;

/**
 * JVM options every benchmark fork uses, beside its fixed heap ({@code -Xms} = {@code -Xmx}).
 *
 * <p>On this project's VM (Firecracker) the first touch of each 4 KiB page of memory costs about
 * 10 µs: {@code java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -version} takes 9.3–9.9 s, and 0.3–2 s
 * with huge pages. A heap that is touched for the first time while a benchmark measures charges
 * those faults to whatever allocates or copies (the writers, GC workers): a 48-byte allocation
 * then cost about 250 ns instead of 10. Pre-touching the whole heap at start-up, on transparent
 * huge pages where the kernel offers them ({@code madvise} mode is enough), makes every fork
 * measure the steady state a long-running node reaches anyway. {@code benchmarks/cluster.sh}
 * uses the same options; the README's operator notes recommend them for a node.
 */
final class Jvm {
  static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";
  static final String HUGE_PAGES = "-XX:+UseTransparentHugePages";

  private Jvm() {}
}
