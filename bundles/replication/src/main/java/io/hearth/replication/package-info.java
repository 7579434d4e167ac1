/**
 * Operating Hearth's replication group: {@link io.hearth.replication.ReplicationGroup} reports
 * the group's state (members, leader, term, commit and applied indexes, latest snapshot) and
 * changes its membership and moves its leadership at run time. The replicated log itself is the store's SPI
 * ({@link io.hearth.store.spi.ReplicatedLog}); nothing of the Raft implementation appears here.
 */
@Export
@Version("0.3.0")
package io.hearth.replication;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
