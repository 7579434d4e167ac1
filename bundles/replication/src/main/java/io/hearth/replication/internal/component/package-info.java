/** OSGi Declarative Services wiring of the replicated log; all logic lives in plain Java. */
package io.hearth.replication.internal.component;
