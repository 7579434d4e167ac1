package io.hearth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.Service;
import io.hearth.store.By;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DemoTest {
  private final TestStore t = new TestStore();

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void registersSimulatedNodesANetworkAndServicesOnce() {
    String out = t.ok("demo", "--nodes", "4", "--services", "4");
    assertTrue(out.contains("4 of 4 nodes demo-node-1..demo-node-4 registered"), out);
    assertTrue(out.contains("Try: hearth:ls tasks"), out);
    assertEquals(4, (int) t.store.view(tx -> tx.nodes().find(By.byCustom(Demo.SIMULATED_LABEL))
        .size()));
    assertEquals(2, (int) t.store.view(tx -> tx.nodes().find(By.byCustom("zone", "east")).size()));
    assertEquals(4, (int) t.store.view(tx -> tx.services().count()));
    String net = t.store.view(tx -> tx.networks().find(By.byName(Demo.NETWORK)).get(0).getId());
    Service web = t.store.view(tx -> tx.services().find(By.byName("demo-web")).get(0));
    assertEquals(net, web.getSpec().getTask().getNetworks(0).getTarget());
    Service api = t.store.view(tx -> tx.services().find(By.byName("demo-api")).get(0));
    assertEquals("node.labels.zone==east", api.getSpec().getTask().getPlacement()
        .getConstraints(0));
    assertTrue(t.store.view(tx -> tx.services().find(By.byName("demo-agent")).get(0))
        .getSpec().hasGlobal());

    long version = t.store.version();
    Demo.Outcome again = Demo.run(t.store, 4, 4);
    assertEquals(0, again.created());
    assertEquals(version, t.store.version(), "a second run writes nothing new");
    assertEquals(1, Demo.run(t.store, 5, 4).created(), "only the missing node");
  }
}
