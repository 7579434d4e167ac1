/**
 * The public API of the Hearth store: {@link io.hearth.store.StoreService} with its read
 * ({@link io.hearth.store.ReadTx}) and write ({@link io.hearth.store.Tx}) transactions,
 * selectors ({@link io.hearth.store.By}), batches and the exceptions a caller can act on.
 *
 * <p>Every exception is unchecked so that transaction closures stay plain lambdas; each failure
 * a caller can react to has its own subclass of {@link io.hearth.store.StoreException}.
 */
@Export
@Version("0.3.0")
package io.hearth.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
