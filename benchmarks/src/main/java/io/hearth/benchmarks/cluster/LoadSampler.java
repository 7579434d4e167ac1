package io.hearth.benchmarks.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Samples the 1-minute load average every 5 s, to report how busy the shared machine was. */
final class LoadSampler {
  private final ConcurrentLinkedQueue<Double> samples = new ConcurrentLinkedQueue<>();
  private Thread thread;

  /** "1 5 15" from /proc/loadavg, or "?" elsewhere. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Paths.get("/proc/loadavg")).split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  void start() {
    thread = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          samples.add(Double.parseDouble(loadAverage().split(" ")[0]));
          Thread.sleep(5_000);
        } catch (InterruptedException e) {
          return;
        } catch (NumberFormatException e) {
          return;
        }
      }
    }, "load-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  void stop() {
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** "mean x, max y" of the samples. */
  String summary() {
    double sum = 0;
    double max = 0;
    int n = 0;
    for (double s : samples) {
      sum += s;
      max = Math.max(max, s);
      n++;
    }
    return n == 0 ? "?" : String.format(Locale.ROOT, "mean %.2f, max %.2f (%d samples)", sum / n,
        max, n);
  }
}
