/**
 * Building blocks for control-plane plugins: {@link io.hearth.store.plugin.ControlLoop}, the
 * watch-driven reconcile loop the scheduler, allocator and orchestrator share.
 */
@Export
@Version("0.2.0")
package io.hearth.store.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
