package io.hearth.store.plugin;

import io.hearth.model.WatchRequest;
import io.hearth.store.Commit;
import io.hearth.store.NotLeaderException;
import io.hearth.store.ReadTx;
import io.hearth.store.Watch;
import io.hearth.store.WatchClosedException;
import io.hearth.store.WatchService;
import io.hearth.store.WatchedView;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The loop of a control-plane plugin that keeps an in-memory view of some kinds current from a
 * watch and, when the view changes, plans and writes on a thread of its own. A subclass says
 * what to read ({@link #read}, {@link #reset}), how a commit changes its view ({@link #apply})
 * and what one pass writes ({@link #pass}); the loop decides when.
 *
 * <p>What the loop guarantees, and why:
 *
 * <ul>
 *   <li><b>Never plans from a state older than its own writes.</b> After a pass that wrote, the
 *       next pass waits until the view's {@link #version()} reaches the highest version written;
 *       otherwise it would plan again what it just decided and its compare-and-swap writes would
 *       only conflict. If the watch does not deliver that version within 10 s the view is read
 *       again from the store rather than trusted.
 *   <li><b>Bursts cost one pass, yet no change waits forever.</b> A pass runs once no relevant
 *       change arrived for {@link Timing#debounce()}, but at most {@link Timing#maxDelay()} after
 *       the first change it serves, so a steady stream of changes cannot starve it.
 *   <li><b>Failures slow it down instead of spinning.</b> Lost writes and failed passes back off
 *       from 10 ms doubling to 1 s; a clean pass resets the back-off.
 *   <li><b>A closed watch never leaves a stale view.</b> A new view and watch are read
 *       atomically ({@code viewAndWatch}), so no commit falls between them, and a full pass
 *       follows.
 *   <li><b>Nothing runs after {@link #close()} returns</b> (unless the thread ignores it for
 *       30 s, which is logged): a plugin is closed when leadership is lost, and a pass writing
 *       after that would race the new leader.
 * </ul>
 *
 * <p>Every abstract method runs on the loop's thread, so a subclass needs no locking for what
 * only they touch.
 *
 * @param <S> what {@link #read} takes from the store when the loop (re)starts
 */
public abstract class ControlLoop<S> implements AutoCloseable {
  private static final Duration IDLE = Duration.ofSeconds(1);
  private static final Duration CATCH_UP = Duration.ofSeconds(10);
  private static final long MIN_BACKOFF_MS = 10;
  private static final long MAX_BACKOFF_MS = 1000;
  private static final int DRAIN_LIMIT = 1024;

  /** The pacing of passes; a plugin's settings record usually implements it. */
  public interface Timing {
    /** A pass waits until no relevant change arrived for this long. */
    Duration debounce();

    /** But never longer than this after the first change it serves. */
    Duration maxDelay();
  }

  /**
   * What a pass did.
   *
   * @param version the highest version it wrote, 0 if none: the next pass waits for the view
   *     to reach it
   * @param lost whether some writes did not apply (conflict, object gone): the subclass has
   *     noted what to plan again, and the next pass comes after a back-off
   */
  public record Outcome(long version, boolean lost) {
    /** Nothing to write. */
    public static final Outcome NOTHING = new Outcome(0, false);
  }

  private final Logger log;
  private final String name;
  private final WatchService watches;
  private final WatchRequest request;
  private final Thread thread;
  private final AtomicLong passes = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();
  private volatile boolean running;
  private volatile Watch watch;

  // Owned by the loop thread.
  private boolean dirty;
  private long firstChange;
  private long lastChange;
  private long retryAt;
  private int failures;
  private long awaitVersion;
  private long awaitSince;

  /**
   * @param name names the thread ({@code hearth-<name>}) and log messages
   * @param watches where the view and its watch come from
   * @param request the kinds the view follows
   */
  protected ControlLoop(String name, WatchService watches, WatchRequest request) {
    this.log = Logger.getLogger(getClass().getName());
    this.name = name;
    this.watches = watches;
    this.request = request;
    this.thread = new Thread(this::run, "hearth-" + name);
    thread.setDaemon(true);
  }

  /** Starts the loop's thread. */
  public final void start() {
    running = true;
    thread.start();
  }

  /**
   * Stops the thread and closes the watch; waits for a pass in progress to finish writing, so
   * that nothing runs after this returns.
   */
  @Override
  public final void close() {
    running = false;
    Watch w = watch;
    if (w != null) {
      w.close();
    }
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warning("the " + name + " thread did not stop within 30 s");
    }
  }

  /** Passes run so far. */
  public final long passes() {
    return passes.get();
  }

  /** Times the view was read from the store (the first time included). */
  public final long resyncs() {
    return resyncs.get();
  }

  /** Reads what the view starts from, in the same transaction the watch starts after. */
  protected abstract S read(ReadTx tx);

  /** Replaces the view with {@code snapshot}, read at {@code version}; a full pass follows. */
  protected abstract void reset(S snapshot, long version);

  /** The version of the last commit the view includes. */
  protected abstract long version();

  /**
   * Applies a commit from the watch to the view.
   *
   * @return whether a pass is wanted (the commit matters, or something is still to be planned):
   *     each {@code true} restarts the debounce
   */
  protected abstract boolean apply(Commit commit);

  /** The current pacing, read before every pass. */
  protected abstract Timing timing();

  /** Plans from the view and writes; a failure to write propagates to {@link #passFailed}. */
  protected abstract Outcome pass();

  /**
   * A pass or read failed (not the leader any more, the store went away, a batch with an unknown
   * outcome): logs it and says how to go on. The loop pauses with back-off either way.
   *
   * @return {@code true} to read the view again from the store, {@code false} to plan again on
   *     the current view
   */
  protected abstract boolean passFailed(RuntimeException e);

  /**
   * Logs a failed pass for {@link #passFailed}: losing leadership is expected (the component is
   * about to stop, the new leader takes over) and takes one line; anything else, its trace.
   */
  protected final void logPassFailure(String what, RuntimeException e) {
    if (e instanceof NotLeaderException) {
      log.info(what + ": this node is not the leader any more (" + e.getMessage() + ")");
    } else {
      log.log(Level.WARNING, what, e);
    }
  }

  private void run() {
    while (running) {
      try {
        if (watch == null) {
          resync();
        }
        step();
      } catch (WatchClosedException e) {
        if (running) {
          log.log(Level.INFO, name + " watch closed; reading the state again", e);
          dropWatch();
          pause();
        }
      } catch (InterruptedException e) {
        // close() interrupts; otherwise go on
      } catch (RuntimeException e) {
        if (running) {
          if (passFailed(e)) {
            dropWatch();
          } else {
            markDirty(System.nanoTime());
          }
          pause();
        }
      }
    }
    dropWatch();
  }

  private void resync() {
    WatchedView<S> read = watches.viewAndWatch(request, this::read);
    watch = read.watch();
    if (!running) {
      dropWatch();
      return;
    }
    resyncs.incrementAndGet();
    reset(read.value(), read.version());
    awaitVersion = 0;
    markDirty(System.nanoTime());
  }

  /** Waits for changes until a pass is due, then runs it. */
  private void step() throws InterruptedException {
    long now = System.nanoTime();
    long waitNanos;
    if (!dirty) {
      waitNanos = IDLE.toNanos();
    } else if (version() < awaitVersion) {
      if (now - awaitSince > CATCH_UP.toNanos()) {
        log.warning("the " + name + "'s watch did not deliver version " + awaitVersion
            + " within " + CATCH_UP + "; reading the state again");
        dropWatch();
        return;
      }
      waitNanos = Math.min(IDLE.toNanos(), CATCH_UP.toNanos() - (now - awaitSince));
    } else {
      Timing t = timing();
      long due = Math.min(firstChange + t.maxDelay().toNanos(),
          lastChange + t.debounce().toNanos());
      due = Math.max(due, retryAt);
      waitNanos = due - now;
      if (waitNanos <= 0) {
        runPass();
        return;
      }
    }
    Commit commit = watch.poll(Duration.ofNanos(waitNanos));
    for (int i = 0; commit != null && i < DRAIN_LIMIT; i++) {
      if (apply(commit)) {
        markDirty(System.nanoTime());
      }
      commit = i + 1 < DRAIN_LIMIT ? watch.poll(Duration.ZERO) : null;
    }
  }

  private void markDirty(long now) {
    if (!dirty) {
      dirty = true;
      firstChange = now;
    }
    lastChange = now;
  }

  private void runPass() {
    dirty = false;
    passes.incrementAndGet();
    Outcome outcome = pass();
    awaitVersion = outcome.version();
    awaitSince = System.nanoTime();
    if (outcome.lost()) {
      long now = System.nanoTime();
      markDirty(now);
      retryAt = now + backoffNanos(failures++);
    } else {
      failures = 0;
    }
  }

  private void pause() {
    try {
      Thread.sleep(backoffNanos(failures++) / 1_000_000);
    } catch (InterruptedException e) {
      // close() interrupts
    }
  }

  private static long backoffNanos(int failures) {
    long ms = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS << Math.min(failures, 10));
    return ms * 1_000_000;
  }

  private void dropWatch() {
    Watch w = watch;
    watch = null;
    if (w != null) {
      w.close();
    }
  }
}
