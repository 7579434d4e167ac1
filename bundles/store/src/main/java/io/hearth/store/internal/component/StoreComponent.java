package io.hearth.store.internal.component;

import io.hearth.store.BatchWork;
import io.hearth.store.ReadTx;
import io.hearth.store.StoreService;
import io.hearth.store.TxWork;
import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import io.hearth.store.spi.CommitFeed;
import io.hearth.store.spi.CommitListener;
import io.hearth.store.spi.ReplicatedLog;
import io.hearth.store.spi.Sequencer;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers the {@link StoreService}, backed by whichever {@link ReplicatedLog} ranks highest and
 * the {@link Sequencer} service. The references are static: a different log or rule means a
 * different state machine, so the store is rebuilt rather than rewired. Configuration can pin
 * the log with {@code log.target}, e.g. {@code (hearth.log=ratis)}.
 */
@Component(service = {StoreService.class, CommitFeed.class}, configurationPid = "io.hearth.store",
    immediate = true)
@Designate(ocd = StoreComponent.Config.class)
public final class StoreComponent implements StoreService, CommitFeed {

  /** Configuration of the store's write path. */
  @ObjectClassDefinition(name = "Hearth store", description = "Write-path limits.")
  public @interface Config {
    @AttributeDefinition(name = "Max transaction bytes",
        description = "Hard limit of one log entry; larger transactions fail before proposal.")
    long max_transaction_bytes() default 1536 * 1024;

    @AttributeDefinition(name = "Batch max changes",
        description = "A batch proposes once this many changes are pending.")
    int batch_max_changes() default 200;

    @AttributeDefinition(name = "Batch max bytes",
        description = "A batch proposes once about this many bytes are pending.")
    long batch_max_bytes() default 1024 * 1024;

    @AttributeDefinition(name = "Max entries in flight",
        description = "Log entries proposed and not yet applied at a time; transactions arriving "
            + "meanwhile are grouped into the next entry (group commit).")
    int max_entries_in_flight() default StoreLimits.DEFAULT_ENTRIES_IN_FLIGHT;

    @AttributeDefinition(name = "Commit history",
        description = "Commits kept so that watchers can resume from a recent version.")
    int commit_history() default StoreLimits.DEFAULT_COMMIT_HISTORY;

    @AttributeDefinition(name = "Group hold (µs)",
        description = "After an entry is applied, the longest the next entry waits for the "
            + "callers that entry released to join it, so steady writers share one entry "
            + "instead of alternating between two. Never longer than half the applied entry's "
            + "round trip; a lone writer and a batch are never held; 0 turns it off.")
    long group_hold_us() default StoreLimits.DEFAULT_GROUP_HOLD_MICROS;
  }

  private final HearthStore store;
  private final LeadershipRegistration leadership;

  @Activate
  public StoreComponent(BundleContext context, @Reference(name = "log") ReplicatedLog log,
      @Reference(name = "sequencer") Sequencer sequencer, Config config) {
    StoreLimits limits = new StoreLimits(config.max_transaction_bytes(),
        config.batch_max_changes(), config.batch_max_bytes(), config.max_entries_in_flight(),
        config.commit_history(), config.group_hold_us());
    this.store = new HearthStore(log, sequencer, limits, Clock.systemUTC());
    this.leadership = new LeadershipRegistration(context, store);
    store.onLeadershipChange(leadership::changed);
    // The log may have reported leadership before the listener was set. Checked off this
    // thread: registering Leadership from the constructor makes DS activate the plugins that
    // require it, which ask for the StoreService still being constructed (a cycle DS reports
    // and retries).
    CompletableFuture.runAsync(() -> leadership.refresh(log::isLeader));
  }

  @Deactivate
  void deactivate() {
    store.onLeadershipChange(leader -> { });
    leadership.close();
    store.close();
  }

  @Override
  public <R> R view(Function<? super ReadTx, R> fn) {
    return store.view(fn);
  }

  @Override
  public <R> R viewLinearizable(Function<? super ReadTx, R> fn) {
    return store.viewLinearizable(fn);
  }

  @Override
  public long update(TxWork work) {
    return store.update(work);
  }

  @Override
  public int batch(BatchWork work) {
    return store.batch(work);
  }

  @Override
  public long version() {
    return store.version();
  }

  @Override
  public Subscription subscribe(long afterVersion, CommitListener listener) {
    return store.commitFeed().subscribe(afterVersion, listener);
  }

  @Override
  public long oldestResumable() {
    return store.commitFeed().oldestResumable();
  }
}
