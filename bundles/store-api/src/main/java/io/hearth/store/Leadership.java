package io.hearth.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registered as an OSGi service by the store only while this node is the leader and has
 * applied every entry of earlier terms, and withdrawn the moment leadership is lost. Control
 * plane plugins that must run on the leader alone require it, so they activate where the
 * leader is and move with it.
 */
@ProviderType
public interface Leadership {

  /** This node's id in the replication group. */
  String nodeId();

  /** The version this node had applied when it became leader. */
  long since();
}
