package io.hearth.benchmarks;

import io.hearth.model.Task;
import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import io.hearth.store.internal.log.InProcessLog;
import io.hearth.store.spi.StateImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A store's snapshot image written and read back, without Ratis or disk: what a snapshot take
 * costs the store ({@code imageWrite}) and what a restart or snapshot install costs it
 * ({@code restore}, the state rebuilt from the image). Single shot per iteration: seconds each
 * at 1,000,000 tasks.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SnapshotBenchmark -f 1 -wi 1 -i 3
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", Jvm.PRE_TOUCH, Jvm.HUGE_PAGES,
    "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class SnapshotBenchmark {

  /** A store holding {@code n} tasks and its image in memory. */
  @State(Scope.Benchmark)
  public static class Image {
    @Param("1000000")
    public int n;

    HearthStore source;
    StateImage image;
    byte[] bytes;

    @Setup(Level.Trial)
    public void build() throws IOException {
      Task[] tasks = TaskData.tasks(n);
      source = store();
      for (int from = 0; from < n; from += 100_000) {
        int f = from;
        source.batch(b -> {
          for (int i = f; i < Math.min(n, f + 100_000); i++) {
            Task t = tasks[i];
            b.update(tx -> tx.tasks().create(t));
          }
        });
      }
      image = source.applier().image();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      image.writeTo(out);
      bytes = out.toByteArray();
    }

    @TearDown(Level.Trial)
    public void close() {
      source.close();
    }
  }

  /** A new, empty store per restore. */
  @State(Scope.Thread)
  public static class Target {
    HearthStore store;

    @Setup(Level.Iteration)
    public void open() {
      store = store();
      Settle.youngCollections();
    }

    @TearDown(Level.Iteration)
    public void close() {
      store.close();
    }
  }

  static HearthStore store() {
    return new HearthStore(new InProcessLog("snap"), StoreLimits.DEFAULTS, Clock.systemUTC());
  }

  /** Milliseconds to write the image of {@code n} tasks (to memory). */
  @Benchmark
  public int imageWrite(Image data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.bytes.length);
    data.image.writeTo(out);
    return out.size();
  }

  /** Milliseconds to rebuild a store of {@code n} tasks from its image. */
  @Benchmark
  public long restore(Image data, Target target) throws IOException {
    target.store.applier().restore(
        new BufferedInputStream(new ByteArrayInputStream(data.bytes), 1 << 16),
        data.image.version());
    return target.store.version();
  }
}
