package io.hearth.itests.internal;

import io.hearth.itests.consumer.StoreBindings;
import io.hearth.store.StoreService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The test consumer: records binds and unbinds of StoreService and lets tests wait on them. */
@Component(immediate = true)
public final class StoreConsumer implements StoreBindings {

  // Static: it must outlive instances to tell "still the same activation" from "re-created".
  private static final AtomicInteger ACTIVATIONS = new AtomicInteger();

  private StoreService store; // guarded by this
  private int binds; // guarded by this
  private int unbinds; // guarded by this

  @Activate
  public StoreConsumer() {
    ACTIVATIONS.incrementAndGet();
  }

  // Dynamic + greedy: a replacement store is bound first, then the old one unbound; optional:
  // no store does not deactivate this component.
  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  synchronized void bindStore(StoreService s) {
    store = s;
    binds++;
    notifyAll();
  }

  synchronized void unbindStore(StoreService s) {
    if (store == s) {
      store = null;
    }
    unbinds++;
    notifyAll();
  }

  @Override
  public synchronized StoreService store() {
    return store;
  }

  @Override
  public synchronized int binds() {
    return binds;
  }

  @Override
  public synchronized int unbinds() {
    return unbinds;
  }

  @Override
  public int activations() {
    return ACTIVATIONS.get();
  }

  @Override
  public boolean awaitBinds(int count, Duration timeout) throws InterruptedException {
    return await(() -> binds, count, timeout);
  }

  @Override
  public boolean awaitUnbinds(int count, Duration timeout) throws InterruptedException {
    return await(() -> unbinds, count, timeout);
  }

  private synchronized boolean await(IntSupplier counter, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (counter.getAsInt() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }
}
