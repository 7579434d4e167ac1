package io.hearth.itests.consumer;

import io.hearth.store.WatchClosedException;
import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a watching component of the test bundle has received: the commits (their versions and
 * event ids, in order of arrival) and the closes it was told of. Kept in static state, so it
 * survives the component being deactivated and activated again (its bundle or the watch bundle
 * stopped and started); registered with {@link #PROPERTY} telling which watcher it is.
 */
@ProviderType
public interface WatchedCommits {
  /** Service property naming the watcher: {@link #PULL} or {@link #WHITEBOARD}. */
  String PROPERTY = "hearth.itests.watcher";
  /** A component that takes from a {@code Watch} on its own thread and resumes after closes. */
  String PULL = "pull";
  /** A whiteboard {@code StoreEventListener} service on node events. */
  String WHITEBOARD = "whiteboard";

  /** Versions of the commits received, in order of arrival. */
  List<Long> versions();

  /** Ids of the objects of the events received, in order of arrival. */
  List<String> ids();

  /** The closes the watcher was told of, in order. */
  List<WatchClosedException> closes();

  /** Waits until a commit of {@code version} or later has been received; false at the deadline. */
  boolean awaitVersion(long version, Duration timeout) throws InterruptedException;

  /** Waits until {@code count} closes have been received; false at the deadline. */
  boolean awaitCloses(int count, Duration timeout) throws InterruptedException;
}
