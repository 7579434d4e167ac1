package io.hearth.store;

import java.util.OptionalLong;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the matching events of each commit: from a listener watch ({@link
 * WatchService#watch(io.hearth.model.WatchRequest, StoreEventListener)}), or as an OSGi
 * service (whiteboard) whose properties carry the request.
 *
 * <p>Calls come one at a time, in commit order, on a thread of the watch service or of the
 * executor given; never on the store's apply thread. A call that takes long fills the watch's
 * queue, and a full queue closes the watch ({@link WatchClosedException.Reason#OVERFLOW}); a
 * call that throws closes it too ({@link WatchClosedException.Reason#LISTENER_FAILED}).
 *
 * <h2>Whiteboard</h2>
 *
 * Register an implementation as an OSGi service with the properties below and the watch
 * service delivers to it while both are registered: from {@link #resumeAfter()} if it returns
 * a version, else from the version current when the watch service found it. Unregistering it
 * (or stopping its bundle) ends delivery; changing its properties re-opens the watch from the
 * last version delivered. When the watch service stops, {@link #closed} is called with {@link
 * WatchClosedException.Reason#SERVICE_STOPPED}; when it comes back, it asks {@link
 * #resumeAfter()} again, so a listener that returns its last version misses nothing. After any
 * other close (overflow, a failing call, a replaced state) the listener receives nothing more
 * until it is registered again or its properties change.
 *
 * <p>Properties, all optional, each a {@code String} unless said otherwise; selectors AND:
 *
 * <table>
 * <caption>Whiteboard properties</caption>
 * <tr><th>property</th><th>value</th></tr>
 * <tr><td>{@value #KIND}</td><td>{@code String} or {@code String[]}: kind names as
 *     {@link ObjectKind#name()} ({@code "task"}, {@code "node"}, ...); absent: every kind.
 *     Several kinds: one entry each, with the same actions and selectors</td></tr>
 * <tr><td>{@value #ACTIONS}</td><td>{@code String} or {@code String[]} of {@code create},
 *     {@code update}, {@code remove}; absent: all three</td></tr>
 * <tr><td>{@value #ID}, {@value #ID_PREFIX}</td><td>object id, id prefix</td></tr>
 * <tr><td>{@value #NAME}, {@value #NAME_PREFIX}</td><td>name, name prefix (ignoring case)
 *     </td></tr>
 * <tr><td>{@value #LABEL}</td><td>{@code String} or {@code String[]}: {@code key} or
 *     {@code key=value}, each must hold</td></tr>
 * <tr><td>{@value #SERVICE_ID}, {@value #NODE_ID}</td><td>tasks of a service, on a node</td></tr>
 * <tr><td>{@value #SLOT}</td><td>number ({@code Long}, {@code Integer} or {@code String}):
 *     the task slot within {@value #SERVICE_ID}, which must be set too</td></tr>
 * <tr><td>{@value #DESIRED_STATE}, {@value #OBSERVED_STATE},
 *     {@value #OBSERVED_STATE_GREATER_THAN}</td><td>a {@code TaskState}, as
 *     {@code TASK_STATE_RUNNING} or {@code running}</td></tr>
 * <tr><td>{@value #ROLE}, {@value #MEMBERSHIP}</td><td>a {@code NodeRole} ({@code manager}),
 *     a {@code NodeMembership} ({@code accepted})</td></tr>
 * <tr><td>{@value #REFERENCED_NETWORK_ID}, {@value #REFERENCED_SECRET_ID},
 *     {@value #REFERENCED_CONFIG_ID}</td><td>services and tasks using a network, secret,
 *     config</td></tr>
 * <tr><td>{@value #INCLUDE_OLD_OBJECT}</td><td>{@code Boolean} or {@code "true"}: deliver
 *     old objects</td></tr>
 * <tr><td>{@value #REQUEST}</td><td>a whole {@code WatchRequest} (several entries), as the
 *     base64 of its protobuf bytes; the other properties above must then be absent</td></tr>
 * </table>
 *
 * <p>Properties that do not parse, or selectors a kind does not have, make the watch service
 * reject the listener: it calls {@link #closed} with {@link
 * WatchClosedException.Reason#REJECTED} and delivers nothing.
 */
@ConsumerType
public interface StoreEventListener {
  /** Service property: kinds to watch. */
  String KIND = "hearth.watch.kind";
  /** Service property: actions to watch. */
  String ACTIONS = "hearth.watch.actions";
  /** Service property: object id. */
  String ID = "hearth.watch.id";
  /** Service property: object id prefix. */
  String ID_PREFIX = "hearth.watch.id.prefix";
  /** Service property: name, ignoring case. */
  String NAME = "hearth.watch.name";
  /** Service property: name prefix, ignoring case. */
  String NAME_PREFIX = "hearth.watch.name.prefix";
  /** Service property: labels, {@code key} or {@code key=value}. */
  String LABEL = "hearth.watch.label";
  /** Service property: a task's service id. */
  String SERVICE_ID = "hearth.watch.service.id";
  /** Service property: a task's node id. */
  String NODE_ID = "hearth.watch.node.id";
  /** Service property: a task's slot, with {@link #SERVICE_ID}. */
  String SLOT = "hearth.watch.slot";
  /** Service property: a task's desired state. */
  String DESIRED_STATE = "hearth.watch.desired.state";
  /** Service property: a task's observed state. */
  String OBSERVED_STATE = "hearth.watch.observed.state";
  /** Service property: a task's observed state is greater than this. */
  String OBSERVED_STATE_GREATER_THAN = "hearth.watch.observed.state.greater.than";
  /** Service property: a node's role. */
  String ROLE = "hearth.watch.role";
  /** Service property: a node's membership. */
  String MEMBERSHIP = "hearth.watch.membership";
  /** Service property: services and tasks attached to this network. */
  String REFERENCED_NETWORK_ID = "hearth.watch.referenced.network.id";
  /** Service property: services and tasks using this secret. */
  String REFERENCED_SECRET_ID = "hearth.watch.referenced.secret.id";
  /** Service property: services and tasks using this config. */
  String REFERENCED_CONFIG_ID = "hearth.watch.referenced.config.id";
  /** Service property: deliver old objects. */
  String INCLUDE_OLD_OBJECT = "hearth.watch.include.old.object";
  /** Service property: a whole request, base64 of its protobuf bytes. */
  String REQUEST = "hearth.watch.request";

  /** The matching events of one commit, with its version; never empty. */
  void committed(Commit commit);

  /**
   * The watch was closed for the reason given; called once, after the last {@link #committed}.
   * Not called when the listener closed the watch itself or unregistered its service. The
   * default does nothing.
   */
  default void closed(WatchClosedException reason) {
  }

  /**
   * For a whiteboard listener: the version after which the watch service should deliver when
   * it (re)opens this listener's watch, typically the last version this listener received; empty
   * to start after the current version. Called before each opening. The default is empty.
   */
  default OptionalLong resumeAfter() {
    return OptionalLong.empty();
  }
}
