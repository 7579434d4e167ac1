/**
 * The orchestrator: plain Java ({@link io.hearth.orchestrator.internal.Orchestrator}) over the
 * store's API, usable without OSGi; the component in {@code .component} only wires it. Not
 * exported.
 */
package io.hearth.orchestrator.internal;
