package io.hearth.shell.internal;

import io.hearth.model.WatchRequest;
import io.hearth.store.By;
import io.hearth.store.Commit;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import io.hearth.store.StoreService;
import io.hearth.store.Watch;
import io.hearth.store.WatchClosedException;
import io.hearth.store.WatchRequests;
import io.hearth.store.WatchService;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code hearth:watch}: follows the store's changes live, one line per event, until
 * {@code --count} events were printed, {@code --for} has passed, the command's thread is
 * interrupted (the session closes, or its job is interrupted) or the shell stops ({@link
 * #closeAll}).
 */
public final class WatchCommand {
  /** How often a waiting watch looks at its deadline. */
  private static final Duration TICK = Duration.ofMillis(200);

  private final Supplier<StoreService> store;
  private final Supplier<WatchService> watches;
  private final Set<Watch> open = ConcurrentHashMap.newKeySet();

  public WatchCommand(Supplier<StoreService> store, Supplier<WatchService> watches) {
    this.store = store;
    this.watches = watches;
  }

  public Command command() {
    Set<String> options = new HashSet<>(Query.OPTIONS);
    options.addAll(Set.of("count", "for", "action"));
    return new Command("watch", "Follow changes live, one line per event.",
        "[<kind>] [selectors as for ls] [--action create|update|remove]... [--count N] "
            + "[--for 30s]",
        options, Set.of(), this::watch);
  }

  /** Closes every watch still open, ending the commands that follow them. */
  public void closeAll() {
    open.forEach(Watch::close);
  }

  private void watch(Args args, PrintStream out) {
    args.atMostPositional(1);
    StoreService s = store.get();
    WatchService w = watches.get();
    if (s == null || w == null) {
      throw new CommandException("no " + (s == null ? "StoreService" : "WatchService")
          + " on this node (see scr:list)");
    }
    long count = args.number("count", 0, 1, Long.MAX_VALUE);
    Duration bound = args.has("for") ? Quantities.duration("--for", args.option("for")) : null;
    StoreEvent.Action[] actions = actions(args.options("action"));
    WatchRequest request;
    Query query;
    if (args.positional().isEmpty()) {
      if (Query.OPTIONS.stream().anyMatch(args::has)) {
        throw new UsageException("selectors need a kind (e.g. hearth:watch task --service web)");
      }
      query = null;
      request = WatchRequests.onAnyKind(actions).build();
    } else {
      ObjectKind<?> kind = Kinds.parse(args.positional(0, "kind"));
      query = s.view(tx -> Query.parse(kind, args, tx));
      WatchRequests.Builder builder = WatchRequests.on(kind, actions);
      for (By by : query.selectors()) {
        builder.where(by);
      }
      request = builder.build();
    }
    follow(w.watch(request), query, count, bound, s.version(), out);
  }

  private void follow(Watch watch, Query query, long count, Duration bound, long since,
      PrintStream out) {
    open.add(watch);
    long seen = 0;
    String ending = null;
    try (watch) {
      out.println("watching " + (query == null ? "every kind" : Kinds.plural(query.kind()))
          + " after version " + since + " (" + (count > 0 ? "up to " + count + " events" : "")
          + (count > 0 && bound != null ? ", " : "")
          + (bound != null ? "for " + bound.toString().substring(2).toLowerCase(Locale.ROOT) : "")
          + (count == 0 && bound == null ? "until interrupted" : "") + ")");
      out.println(EventLines.header());
      out.flush();
      long deadline = bound == null ? Long.MAX_VALUE : System.nanoTime() + bound.toNanos();
      while (count == 0 || seen < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        Commit commit = watch.poll(Duration.ofNanos(Math.min(left, TICK.toNanos())));
        if (commit == null) {
          continue;
        }
        for (StoreEvent event : commit.events()) {
          if (query != null && !query.filter().test(event.object())) {
            continue;
          }
          out.println(EventLines.line(commit, event));
          if (++seen == count) {
            break;
          }
        }
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ending = "interrupted";
    } catch (WatchClosedException e) {
      ending = "watch closed: " + e.getMessage();
    } finally {
      open.remove(watch);
    }
    out.println("(" + seen + " event" + (seen == 1 ? "" : "s") + (ending == null ? "" : "; "
        + ending) + ")");
    out.flush();
  }

  private static StoreEvent.Action[] actions(List<String> names) {
    Set<StoreEvent.Action> actions = new java.util.LinkedHashSet<>();
    for (String name : names) {
      try {
        actions.add(StoreEvent.Action.valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new CommandException("--action: '" + name + "' is not create, update or remove");
      }
    }
    return actions.toArray(StoreEvent.Action[]::new);
  }
}
