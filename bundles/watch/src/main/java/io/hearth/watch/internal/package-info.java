/**
 * The watch service's implementation: plain Java ({@link io.hearth.watch.internal.WatchHub},
 * {@link io.hearth.watch.internal.Whiteboard}) over the store's commit feed. Not exported.
 */
package io.hearth.watch.internal;
