/**
 * What the integration tests read from inside the framework: {@link
 * io.hearth.itests.consumer.StoreBindings}, the record a DS consumer keeps of the {@code
 * StoreService} it is bound to.
 */
@Export
@Version("0.1.0")
package io.hearth.itests.consumer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
