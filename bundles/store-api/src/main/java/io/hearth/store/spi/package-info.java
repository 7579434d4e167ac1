/**
 * The service provider interface between the store and its replicated log: the store proposes
 * serialized transactions to a {@link io.hearth.store.spi.ReplicatedLog} and attaches a
 * {@link io.hearth.store.spi.LogApplier} that every replica runs on each committed entry, in log
 * order. Plugins never use this package.
 */
@Export
@Version("0.3.0")
package io.hearth.store.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
