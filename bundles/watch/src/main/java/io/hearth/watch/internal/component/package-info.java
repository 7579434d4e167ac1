/** OSGi Declarative Services wiring of the watch service; all logic lives in plain Java. */
package io.hearth.watch.internal.component;
