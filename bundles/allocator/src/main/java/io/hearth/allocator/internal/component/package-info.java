/** OSGi Declarative Services wiring of the allocator; all logic lives in plain Java. */
package io.hearth.allocator.internal.component;
