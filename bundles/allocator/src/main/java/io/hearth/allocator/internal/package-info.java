/**
 * The allocator: plain Java ({@link io.hearth.allocator.internal.Allocator}) over the store's
 * API, usable without OSGi; the component in {@code .component} only wires it. Not exported.
 */
package io.hearth.allocator.internal;
