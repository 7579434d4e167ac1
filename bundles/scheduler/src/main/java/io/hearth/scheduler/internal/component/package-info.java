/** OSGi Declarative Services wiring of the scheduler; all logic lives in plain Java. */
package io.hearth.scheduler.internal.component;
