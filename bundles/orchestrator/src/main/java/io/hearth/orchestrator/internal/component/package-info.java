/** OSGi Declarative Services wiring of the orchestrator; all logic lives in plain Java. */
package io.hearth.orchestrator.internal.component;
