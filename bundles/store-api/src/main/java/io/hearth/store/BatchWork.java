package io.hearth.store;

import org.osgi.annotation.versioning.ConsumerType;

/** The body of a batch, run by {@link StoreService#batch}. */
@ConsumerType
@FunctionalInterface
public interface BatchWork {
  void run(Batch batch);
}
