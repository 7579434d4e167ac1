package io.hearth.store;

import org.osgi.annotation.versioning.ConsumerType;

/** The body of a write transaction, run by {@link StoreService#update} and {@link Batch#update}. */
@ConsumerType
@FunctionalInterface
public interface TxWork {
  void run(Tx tx);
}
