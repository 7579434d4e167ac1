/**
 * The standard {@link io.hearth.store.spi.Sequencer}, usable from plain Java; the bundle also
 * registers it as an OSGi service.
 */
@Export
@Version("0.1.0")
package io.hearth.sequencer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
