/** OSGi wiring of the shell: Gogo command registration and the leader-only components. */
package io.hearth.shell.internal.component;
