package io.hearth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.hearth.itests.consumer.StoreBindings;
import io.hearth.model.Annotations;
import io.hearth.model.Node;
import io.hearth.model.NodeSpec;
import io.hearth.store.Leadership;
import io.hearth.store.StoreService;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;

/**
 * The Hearth bundles in a real Felix framework: the store serves a DS consumer, and the store
 * bundle can be stopped, started and updated under it. A fresh framework per test (the tests
 * stop and replace bundles).
 *
 * <p>Replication is not configured here (its component requires configuration), so the store
 * runs on the store bundle's own in-process log, whose state lives and dies with that bundle:
 * hence a restarted store starts empty. {@code ReplicationBundleIT} covers the durable case.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class StoreBundleIT extends HearthIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String STORE_BUNDLE = "io.hearth.store";

  public StoreBundleIT() {
    super(TIMEOUT);
  }

  @Configuration
  public Option[] config() {
    return HearthOptions.node();
  }

  @Test
  public void hearthBundlesAreActiveAndTheStoreServiceWritesAndReads() throws Exception {
    Map<String, Integer> states =
        Arrays.stream(context.getBundles())
            .filter(b -> b.getSymbolicName().startsWith("io.hearth."))
            .collect(Collectors.toMap(Bundle::getSymbolicName, Bundle::getState));
    for (String bsn : List.of("io.hearth.model", "io.hearth.store.api", "io.hearth.memdb", STORE_BUNDLE, "io.hearth.itests")) {
      assertEquals(bsn + " in " + states, Integer.valueOf(Bundle.ACTIVE), states.get(bsn));
    }

    StoreService store = osgi().awaitService(StoreService.class);
    store.update(tx -> tx.nodes().create(node("n1", "node-1")));
    Node read = store.view(tx -> tx.nodes().get("n1"));
    assertNotNull(read);
    assertEquals("node-1", read.getSpec().getAnnotations().getName());
  }

  @Test
  public void restartingTheStoreBundleRebindsTheConsumerWithoutReactivationAndTheStoreStartsEmpty()
      throws Exception {
    StoreBindings consumer = osgi().awaitService(StoreBindings.class);
    assertTrue("first bind", consumer.awaitBinds(1, TIMEOUT));
    int activations = consumer.activations();
    consumer.store().update(tx -> tx.nodes().create(node("n1", "node-1")));

    Bundle store = osgi().bundle(STORE_BUNDLE);
    store.stop();
    assertTrue("unbind after stop", consumer.awaitUnbinds(1, TIMEOUT));
    assertNull(consumer.store());
    assertNull("no StoreService registered", context.getServiceReference(StoreService.class));

    store.start();
    assertTrue("re-bind after start", consumer.awaitBinds(2, TIMEOUT));
    StoreService restarted = consumer.store();
    assertNotNull(restarted);
    assertEquals("the consumer was not re-activated", activations, consumer.activations());
    assertSame(consumer, osgi().awaitService(StoreBindings.class));
    // Until replication persists the log, the store's state lives in its bundle's memory: a
    // restarted store bundle starts empty.
    assertNull("n1 is gone with the in-process log", restarted.view(tx -> tx.nodes().get("n1")));
    restarted.update(tx -> tx.nodes().create(node("n2", "node-2")));
    assertNotNull(restarted.view(tx -> tx.nodes().get("n2")));
  }

  @Test
  public void theLeaderRegistersLeadershipAndWithdrawsItWhenItsStoreStops() throws Exception {
    Leadership leadership = osgi().awaitService(Leadership.class);
    assertEquals("local", leadership.nodeId());

    Bundle store = osgi().bundle(STORE_BUNDLE);
    store.stop();
    assertNull("no Leadership without a store", context.getServiceReference(Leadership.class));
    store.start();
    assertNotNull(osgi().awaitService(Leadership.class));
  }

  @Test
  public void updatingTheStoreBundleInPlaceRebindsTheConsumerToTheNewStore() throws Exception {
    StoreBindings consumer = osgi().awaitService(StoreBindings.class);
    assertTrue("first bind", consumer.awaitBinds(1, TIMEOUT));
    int activations = consumer.activations();
    StoreService before = consumer.store();

    Bundle store = osgi().bundle(STORE_BUNDLE);
    long modified = store.getLastModified();
    try (InputStream jar = new URL(store.getLocation()).openStream()) {
      store.update(jar);
    }
    osgi().refresh(store);

    assertTrue("re-bind after update", consumer.awaitBinds(2, TIMEOUT));
    assertTrue("unbind of the old store", consumer.awaitUnbinds(1, TIMEOUT));
    StoreService after = consumer.store();
    assertNotNull(after);
    assertNotSame(before, after);
    assertTrue("the bundle was updated", store.getLastModified() > modified);
    assertEquals(Bundle.ACTIVE, store.getState());
    assertEquals("the consumer was not re-activated", activations, consumer.activations());
    after.update(tx -> tx.nodes().create(node("n3", "node-3")));
    assertEquals("node-3", after.view(tx -> tx.nodes().get("n3")).getSpec().getAnnotations().getName());
  }

  private static Node node(String id, String name) {
    return Node.newBuilder()
        .setId(id)
        .setSpec(NodeSpec.newBuilder().setAnnotations(Annotations.newBuilder().setName(name)))
        .build();
  }
}
