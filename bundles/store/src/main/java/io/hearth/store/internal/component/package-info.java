/** OSGi Declarative Services wiring of the store; all logic lives in plain Java elsewhere. */
package io.hearth.store.internal.component;
