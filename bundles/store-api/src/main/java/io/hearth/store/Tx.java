package io.hearth.store;

import io.hearth.model.Cluster;
import io.hearth.model.Config;
import io.hearth.model.Network;
import io.hearth.model.Node;
import io.hearth.model.Secret;
import io.hearth.model.Service;
import io.hearth.model.Task;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A write transaction. Reads see the transaction's own writes and every transaction before it.
 * Valid only inside the closure it was given to, on the caller's thread.
 */
@ProviderType
public interface Tx extends ReadTx {
  @Override
  WriteTable<Cluster> clusters();

  @Override
  WriteTable<Node> nodes();

  @Override
  WriteTable<Service> services();

  @Override
  WriteTable<Task> tasks();

  @Override
  WriteTable<Network> networks();

  @Override
  WriteTable<Secret> secrets();

  @Override
  WriteTable<Config> configs();

  @Override
  <T> WriteTable<T> table(ObjectKind<T> kind);

  /**
   * The version this transaction will commit as. Every object it writes carries it in
   * {@code meta.version}.
   */
  @Override
  long version();
}
