/**
 * The shell's logic in plain Java, usable and tested without OSGi: command-line parsing
 * ({@link io.hearth.shell.internal.Args}), readable output ({@link io.hearth.shell.internal.Table},
 * {@link io.hearth.shell.internal.Ages}), object specs from options, and the commands themselves
 * ({@link io.hearth.shell.internal.StoreCommands}); the DS components in {@code component} only
 * register them with Gogo.
 */
package io.hearth.shell.internal;
