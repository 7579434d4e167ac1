/**
 * An in-memory, multi-version database of tables with indexes, built on an immutable persistent
 * radix tree ({@link io.hearth.memdb.RadixTree}).
 *
 * <p>A {@link io.hearth.memdb.Schema} lists the {@link io.hearth.memdb.Table}s and their {@link
 * io.hearth.memdb.Index}es. A {@link io.hearth.memdb.MemDb} publishes one immutable {@link
 * io.hearth.memdb.Snapshot} at a time: any number of threads read snapshots without locks, one
 * {@link io.hearth.memdb.WriteTxn} at a time builds the next one by path copying and publishes it
 * with an atomic root swap. Every write transaction reports what it changed as a de-duplicated
 * list of {@link io.hearth.memdb.Change}s.
 *
 * <p>The package has no runtime dependencies and no OSGi code: it is a plain library.
 */
@Export
@Version("0.2.0")
package io.hearth.memdb;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
