/**
 * The scheduler: plain Java ({@link io.hearth.scheduler.internal.Scheduler}) over the store's
 * API, usable without OSGi; the component in {@code .component} only wires it. Not exported.
 */
package io.hearth.scheduler.internal;
