package io.hearth.store.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.WatchRequest;
import io.hearth.store.Commit;
import io.hearth.store.NotLeaderException;
import io.hearth.store.ReadTx;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A lost leadership is a line in the log; any other failed pass, a warning with its trace. */
class ControlLoopLoggingTest {
  private final List<LogRecord> records = new ArrayList<>();
  private final Logger logger = Logger.getLogger(Loop.class.getName());
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      records.add(r);
    }

    @Override
    public void flush() { }

    @Override
    public void close() { }
  };

  /** A loop that is never started: only its logging is used. */
  static final class Loop extends ControlLoop<Object> {
    Loop() {
      super("test", null, WatchRequest.getDefaultInstance());
    }

    @Override protected Object read(ReadTx tx) {
      return null;
    }

    @Override protected void reset(Object snapshot, long version) { }

    @Override protected long version() {
      return 0;
    }

    @Override protected boolean apply(Commit commit) {
      return false;
    }

    @Override protected Timing timing() {
      return null;
    }

    @Override protected Outcome pass() {
      return null;
    }

    @Override protected boolean passFailed(RuntimeException e) {
      return false;
    }
  }

  @BeforeEach
  void listen() {
    logger.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(capture);
  }

  @Test
  void losingLeadershipIsOneInfoLineWithoutATrace() {
    new Loop().logPassFailure("pass failed", new NotLeaderException("not the leader", "n2"));
    assertEquals(1, records.size());
    assertEquals(Level.INFO, records.get(0).getLevel());
    assertNull(records.get(0).getThrown());
    assertTrue(records.get(0).getMessage().contains("not the leader"), records.get(0).getMessage());
  }

  @Test
  void anyOtherFailureIsAWarningWithItsTrace() {
    IllegalStateException boom = new IllegalStateException("boom");
    new Loop().logPassFailure("pass failed", boom);
    assertEquals(1, records.size());
    assertEquals(Level.WARNING, records.get(0).getLevel());
    assertSame(boom, records.get(0).getThrown());
  }
}
