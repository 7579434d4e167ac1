package io.hearth.watch.internal;

import io.hearth.store.Commit;
import io.hearth.store.StoreEvent;
import io.hearth.watch.internal.KindIndex.Registration;
import java.util.ArrayList;
import java.util.List;

/**
 * Matches one commit against the watchers of a {@link KindIndex} and queues each its events,
 * grouped in one {@link Commit} with the commit's version. A watcher that wants every event
 * (with old objects, or without when none has one) gets the commit itself, shared; the events
 * without their old object are built once per commit, however many watchers want them. Runs on
 * the dispatcher thread only.
 */
final class FanOut {
  private final KindIndex index;
  private final ArrayList<Watcher> touched = new ArrayList<>();
  /** Numbers the events, so that a watcher matched by two entries gets an event once. */
  private long mark;
  // The commit being dispatched, without old objects; built on first need.
  private StoreEvent[] plainEvents;
  private Commit plainCommit;

  FanOut(KindIndex index) {
    this.index = index;
  }

  /** Queues {@code commit}'s matching events to each registered watcher that wants them. */
  void dispatch(Commit commit) {
    if (index.isEmpty()) {
      return;
    }
    plainEvents = null;
    plainCommit = null;
    List<StoreEvent> events = commit.events();
    if (events.size() == 1) {
      dispatchOne(commit, events.get(0));
    } else if (!events.isEmpty()) {
      dispatchMany(commit, events);
    }
    plainEvents = null;
    plainCommit = null;
  }

  /** The common case, a commit of one event: every matching watcher gets a shared commit. */
  private void dispatchOne(Commit commit, StoreEvent event) {
    long m = ++mark;
    KindIndex.Slot slot = index.slot(event.kind());
    offerOne(slot.scan, commit, event, m);
    offerOne(KindIndex.byId(slot, event), commit, event, m);
    offerOne(KindIndex.byServiceId(slot, event), commit, event, m);
    offerOne(KindIndex.byNodeId(slot, event), commit, event, m);
  }

  private void offerOne(List<Registration> candidates, Commit commit, StoreEvent event,
      long m) {
    if (candidates == null) {
      return;
    }
    long version = commit.version();
    for (int i = 0, n = candidates.size(); i < n; i++) {
      Registration r = candidates.get(i);
      Watcher w = r.watcher();
      if (w.mark == m || w.after >= version || !r.entry().matches(event)) {
        continue;
      }
      w.mark = m;
      w.offer(w.includeOld ? commit : plainCommit(commit));
    }
  }

  private void dispatchMany(Commit commit, List<StoreEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      StoreEvent event = events.get(i);
      long m = ++mark;
      KindIndex.Slot slot = index.slot(event.kind());
      collect(slot.scan, commit, i, event, m);
      collect(KindIndex.byId(slot, event), commit, i, event, m);
      collect(KindIndex.byServiceId(slot, event), commit, i, event, m);
      collect(KindIndex.byNodeId(slot, event), commit, i, event, m);
    }
    for (int i = 0; i < touched.size(); i++) {
      Watcher w = touched.get(i);
      List<StoreEvent> mine = w.pending;
      w.pending = null;
      Commit out = mine.size() < events.size() ? new Commit(commit.version(), mine)
          : w.includeOld ? commit : plainCommit(commit);
      w.offer(out);
    }
    touched.clear();
  }

  private void collect(List<Registration> candidates, Commit commit, int position,
      StoreEvent event, long m) {
    if (candidates == null) {
      return;
    }
    long version = commit.version();
    for (int i = 0, n = candidates.size(); i < n; i++) {
      Registration r = candidates.get(i);
      Watcher w = r.watcher();
      if (w.mark == m || w.after >= version || !r.entry().matches(event)) {
        continue;
      }
      w.mark = m;
      if (w.pending == null) {
        w.pending = new ArrayList<>(4);
        touched.add(w);
      }
      w.pending.add(w.includeOld ? event : plainEvent(commit, position));
    }
  }

  private StoreEvent plainEvent(Commit commit, int position) {
    if (plainEvents == null) {
      plainEvents = new StoreEvent[commit.events().size()];
    }
    StoreEvent e = plainEvents[position];
    if (e == null) {
      e = plain(commit.events().get(position));
      plainEvents[position] = e;
    }
    return e;
  }

  private Commit plainCommit(Commit commit) {
    if (plainCommit == null) {
      List<StoreEvent> events = commit.events();
      boolean anyOld = false;
      for (StoreEvent e : events) {
        anyOld |= e.oldObject() != null;
      }
      if (anyOld) {
        List<StoreEvent> plain = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
          plain.add(plainEvent(commit, i));
        }
        plainCommit = new Commit(commit.version(), plain);
      } else {
        plainCommit = commit;
      }
    }
    return plainCommit;
  }

  /** The events of {@code commit} that {@code watcher} wants, or null if none. */
  static Commit matching(Watcher watcher, Commit commit) {
    List<StoreEvent> events = commit.events();
    List<StoreEvent> out = null;
    boolean changed = false;
    for (StoreEvent e : events) {
      if (watcher.matches(e)) {
        if (out == null) {
          out = new ArrayList<>(events.size());
        }
        StoreEvent delivered = watcher.includeOld ? e : plain(e);
        changed |= delivered != e;
        out.add(delivered);
      }
    }
    if (out == null) {
      return null;
    }
    return out.size() == events.size() && !changed ? commit : new Commit(commit.version(), out);
  }

  private static StoreEvent plain(StoreEvent e) {
    return e.oldObject() == null ? e : new StoreEvent(e.kind(), e.action(), e.object(), null);
  }
}
