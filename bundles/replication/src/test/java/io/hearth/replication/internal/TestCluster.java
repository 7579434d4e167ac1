package io.hearth.replication.internal;

import static org.awaitility.Awaitility.await;

import io.hearth.model.Annotations;
import io.hearth.model.Node;
import io.hearth.model.NodeSpec;
import io.hearth.model.Service;
import io.hearth.model.ServiceSpec;
import io.hearth.store.By;
import io.hearth.store.ObjectKind;
import io.hearth.store.internal.HearthStore;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A group of {@link TestNode}s formed from the start. */
final class TestCluster implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  final List<TestNode> nodes = new ArrayList<>();

  TestCluster(int size, Path root, UnaryOperator<RatisSettings.Builder> tuning) {
    for (int i = 1; i <= size; i++) {
      nodes.add(new TestNode("n" + i, root, tuning));
    }
  }

  Map<String, String> peers() {
    Map<String, String> peers = new LinkedHashMap<>();
    nodes.forEach(n -> peers.put(n.id, n.address()));
    return peers;
  }

  TestCluster startAll() {
    Map<String, String> peers = peers();
    nodes.forEach(n -> n.start(peers, false));
    return this;
  }

  void start(TestNode n) {
    n.start(peers(), false);
  }

  List<TestNode> running() {
    return nodes.stream().filter(TestNode::running).toList();
  }

  /** Waits until exactly one running node leads (ready: it has applied earlier terms). */
  TestNode awaitLeader() {
    return await("a leader").atMost(WAIT).until(() -> {
      List<TestNode> leaders = running().stream().filter(TestNode::isLeader).toList();
      return leaders.size() == 1 ? leaders.get(0) : null;
    }, n -> n != null);
  }

  List<TestNode> followers(TestNode leader) {
    return running().stream().filter(n -> n != leader).toList();
  }

  /** Waits until every running node has applied up to {@code version}. */
  void awaitVersion(long version) {
    for (TestNode n : running()) {
      await(n.id + " at version " + version).atMost(WAIT)
          .until(() -> n.store.version() >= version);
    }
  }

  @Override
  public void close() {
    nodes.forEach(TestNode::stop);
  }

  // ------------------------------------------------------------------ objects and digests

  static Node node(String id) {
    return Node.newBuilder().setId(id)
        .setSpec(NodeSpec.newBuilder().setAnnotations(Annotations.newBuilder().setName(id)))
        .build();
  }

  static Service service(String id, String name) {
    return Service.newBuilder().setId(id)
        .setSpec(ServiceSpec.newBuilder().setAnnotations(Annotations.newBuilder().setName(name)))
        .build();
  }

  /** SHA-256 over the version and every object of every kind, in id order, as bytes. */
  static String digest(HearthStore store) {
    return store.view(tx -> {
      try {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(Long.toString(tx.version()).getBytes());
        for (ObjectKind<?> kind : ObjectKind.all()) {
          update(md, tx.table(kind).find(By.all()), kind);
        }
        return HexFormat.of().formatHex(md.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static <T> void update(MessageDigest md, List<?> objects, ObjectKind<T> kind) {
    objects.stream().map(kind::cast)
        .sorted(java.util.Comparator.comparing(kind::id))
        .forEach(o -> md.update(kind.wrap(o).toByteArray()));
  }
}
