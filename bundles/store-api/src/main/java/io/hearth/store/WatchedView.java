package io.hearth.store;

/**
 * The result of {@link WatchService#viewAndWatch}: what the view read, the version of the
 * snapshot it read, and a watch that delivers exactly the matching commits after that version.
 *
 * @param value what the view function returned
 * @param version the version of the snapshot the view read
 * @param watch the watch, open; the caller closes it
 */
public record WatchedView<R>(R value, long version, Watch watch) {
}
