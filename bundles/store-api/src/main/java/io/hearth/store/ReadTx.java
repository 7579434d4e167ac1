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
 * A consistent, read-only view of the store. Valid only inside the closure it was given to;
 * a view's instance may be used by one thread at a time.
 */
@ProviderType
public interface ReadTx {
  ReadTable<Cluster> clusters();

  ReadTable<Node> nodes();

  ReadTable<Service> services();

  ReadTable<Task> tasks();

  ReadTable<Network> networks();

  ReadTable<Secret> secrets();

  ReadTable<Config> configs();

  /** The table of any kind, for code that works on all kinds alike. */
  <T> ReadTable<T> table(ObjectKind<T> kind);

  /** The version of the state this transaction reads. */
  long version();
}
