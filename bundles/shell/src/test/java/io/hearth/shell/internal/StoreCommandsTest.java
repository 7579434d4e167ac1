package io.hearth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.Node;
import io.hearth.model.NodeAvailability;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.model.TaskStatus;
import io.hearth.store.By;
import io.hearth.store.NotLeaderException;
import io.hearth.store.ObjectKind;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoreCommandsTest {
  private final TestStore t = new TestStore();

  @AfterEach
  void close() {
    t.close();
  }

  private Service service(String name) {
    return t.store.view(tx -> tx.services().find(By.byName(name)).get(0));
  }

  private Node node(String name) {
    return t.store.view(tx -> tx.nodes().find(By.byName(name)).get(0));
  }

  /** A task as the orchestrator and scheduler would have left it. */
  private void task(String id, Service service, long slot, String nodeId, TaskState state) {
    t.store.update(tx -> tx.tasks().create(Task.newBuilder().setId(id)
        .setServiceId(service.getId()).setSlot(slot).setNodeId(nodeId)
        .setAnnotations(io.hearth.model.Annotations.newBuilder()
            .setName(service.getSpec().getAnnotations().getName() + "." + slot))
        .setServiceAnnotations(service.getSpec().getAnnotations())
        .setDesiredState(TaskState.TASK_STATE_RUNNING)
        .setStatus(TaskStatus.newBuilder().setState(state)).build()));
  }

  @Test
  void createdNodesAndServicesAreListedInAlignedTables() {
    String added = t.ok("node-add", "n1", "--cpus", "4", "--memory", "8G", "--label", "zone=east");
    assertTrue(added.startsWith("added node n1 (id "), added);
    assertTrue(added.contains("ready active worker, 4 CPUs, 8G"), added);
    t.ok("service-create", "web", "--image", "nginx:1", "--replicas", "3");
    t.ok("service-create", "db", "--image", "postgres:16", "--mode", "global");

    String services = t.ok("ls", "services");
    List<String> lines = services.lines().toList();
    assertEquals(3, lines.size(), services);
    assertTrue(lines.get(0).matches("ID +NAME +STATE +NODE +VERSION +AGE"), services);
    assertTrue(lines.get(1).contains("db") && lines.get(1).contains("global 0 running"), services);
    assertTrue(lines.get(2).contains("web") && lines.get(2).contains("replicated 0/3"), services);
    int nameColumn = lines.get(0).indexOf("NAME");
    assertEquals(nameColumn, lines.get(1).indexOf("db"), "aligned:\n" + services);
    assertEquals(nameColumn, lines.get(2).indexOf("web"), "aligned:\n" + services);
    assertTrue(lines.get(1).matches(".* \\d+s$"), "age in seconds: " + lines.get(1));

    String nodes = t.ok("ls", "nodes", "--label", "zone=east");
    assertTrue(nodes.contains("n1") && nodes.contains("ready active worker"), nodes);
    assertEquals("(no nodes)\n", t.ok("ls", "nodes", "--label", "zone=west").lines()
        .skip(1).reduce("", (a, b) -> a + b + "\n"));
  }

  @Test
  void tasksAreSelectedByServiceNodeAndStateTogether() {
    t.ok("node-add", "n1");
    t.ok("node-add", "n2");
    t.ok("service-create", "web", "--image", "nginx:1", "--replicas", "2");
    t.ok("service-create", "api", "--image", "api:1");
    Service web = service("web");
    task("t-web-1", web, 1, node("n1").getId(), TaskState.TASK_STATE_RUNNING);
    task("t-web-2", web, 2, node("n2").getId(), TaskState.TASK_STATE_ASSIGNED);
    task("t-api-1", service("api"), 1, node("n1").getId(), TaskState.TASK_STATE_RUNNING);

    String all = t.ok("ls", "tasks");
    assertEquals(4, all.lines().count(), all);
    assertTrue(all.lines().skip(1).findFirst().orElseThrow().contains("api.1"),
        "sorted by service name then slot:\n" + all);
    String webOnN1 = t.ok("ls", "tasks", "--service", "web", "--node", "n1");
    assertEquals(2, webOnN1.lines().count(), webOnN1);
    assertTrue(webOnN1.contains("web.1") && webOnN1.contains("running") && webOnN1.contains("n1"),
        webOnN1);
    String running = t.ok("ls", "tasks", "--state", "running", "--name-prefix", "web");
    assertEquals(2, running.lines().count(), running);
    assertTrue(running.contains("t-web-1"), running);
    assertTrue(t.ok("ls", "services").contains("replicated 1/2"));
    assertEquals("hearth: --service applies to tasks, not nodes\n",
        t.run("ls", "nodes", "--service", "web").err());
    assertEquals("hearth: no service 'nope' (by id, name or id prefix)\n",
        t.run("ls", "tasks", "--service", "nope").err());
  }

  @Test
  void showFindsAnObjectByIdNameOrIdPrefixAndPrintsItAsProtobufText() {
    t.ok("service-create", "web", "--image", "nginx:1");
    Service web = service("web");
    for (String ref : List.of(web.getId(), "WEB", web.getId().substring(0, 6))) {
      String shown = t.ok("show", "service", ref);
      assertTrue(shown.startsWith("service web (id " + web.getId() + ", version "), shown);
      assertTrue(shown.contains("image: \"nginx:1\""), shown);
    }
    t.ok("node-add", "twin");
    t.ok("node-add", "twin");
    String ambiguous = t.run("show", "node", "twin").err();
    assertTrue(ambiguous.startsWith("hearth: 'twin' matches 2 nodes: "), ambiguous);
  }

  @Test
  void scaleAndUpdateChangeTheServiceAndSayWhat() {
    t.ok("service-create", "web", "--image", "nginx:1", "--replicas", "3");
    String scaled = t.ok("service-scale", "web", "10");
    assertTrue(scaled.startsWith("service web: replicas 3 -> 10 (version "), scaled);
    assertEquals(10, service("web").getSpec().getReplicated().getReplicas());
    String updated = t.ok("service-update", "web", "--image", "nginx:2");
    assertTrue(updated.endsWith("new task template, the orchestrator replaces its tasks slot by "
        + "slot\n"), updated);
    assertEquals("nginx:2", service("web").getSpec().getTask().getContainer().getImage());
    assertEquals("nginx:1", service("web").getPreviousSpec().getTask().getContainer().getImage());
  }

  @Test
  void aChangeMadeConcurrentlyIsNotOverwrittenTheUpdateIsRetriedOnFreshState() {
    t.ok("service-create", "web", "--image", "nginx:1", "--replicas", "3");
    StoreCommands commands = new StoreCommands(() -> t.store, java.time.Clock.systemUTC());
    AtomicInteger attempts = new AtomicInteger();
    Service result = commands.modify(ObjectKind.SERVICE, "web", current -> {
      if (attempts.incrementAndGet() == 1) {
        // someone else (a plugin, another operator) writes between our read and our write
        t.store.update(tx -> tx.services().update(current.toBuilder().setSpec(current.getSpec()
            .toBuilder().setAnnotations(current.getSpec().getAnnotations().toBuilder()
                .putLabels("touched", "yes"))).build()));
      }
      return Specs.scale(current, 7);
    });
    assertEquals(2, attempts.get(), "the first write conflicted and was made again");
    assertEquals(7, result.getSpec().getReplicated().getReplicas());
    assertEquals("yes", service("web").getSpec().getAnnotations().getLabelsOrThrow("touched"),
        "the concurrent change is kept");
  }

  @Test
  void nodeAvailabilityAndStateCommands() {
    t.ok("node-add", "n1");
    assertTrue(t.ok("node-drain", "n1").contains("ready drain worker"));
    assertEquals(NodeAvailability.NODE_AVAILABILITY_DRAIN, node("n1").getSpec().getAvailability());
    assertTrue(t.ok("node-down", "n1").contains("down drain worker"));
    assertTrue(t.ok("node-activate", "n1").contains("down active worker"));
    assertTrue(t.ok("node-up", "n1").contains("ready active worker"));
    assertTrue(t.ok("node-rm", "n1").startsWith("removed node n1"));
    assertEquals(0, (int) t.store.view(tx -> tx.nodes().count()));
  }

  @Test
  void networksAndServicesOnThem() {
    t.ok("network-create", "front", "--subnet", "10.1.0.0/24");
    t.ok("service-create", "web", "--image", "nginx:1", "--network", "front");
    String netId = t.store.view(tx -> tx.networks().find(By.byName("front")).get(0).getId());
    assertEquals(netId, service("web").getSpec().getTask().getNetworks(0).getTarget());
    assertTrue(t.ok("ls", "networks").contains("10.1.0.0/24"));
    assertEquals("hearth: no network 'back' (by id, name or id prefix)\n",
        t.run("service-create", "api", "--image", "a", "--network", "back").err());
  }

  @Test
  void errorsAreOneLineAndWriteNothing() {
    t.ok("service-create", "web", "--image", "nginx:1");
    long version = t.store.version();
    assertTrue(t.run("service-create", "web", "--image", "x").err()
        .startsWith("hearth: already exists: "));
    assertEquals("hearth: unknown option --replica (known: --constraint, --cpus, --image, "
        + "--label, --memory, --mode, --network, --parallelism, --replicas)\n"
        + "usage: hearth:service-create " + usage("service-create") + "\n",
        t.run("service-create", "api", "--replica", "3").err());
    assertEquals("hearth: unknown kind 'taks' (one of: clusters, nodes, services, tasks, "
        + "networks, secrets, configs)\n", t.run("ls", "taks").err());
    assertEquals("hearth: replicas: not a whole number: 'ten'\n",
        t.run("service-scale", "web", "ten").err());
    assertEquals("hearth: no command hearth:frobnicate (see hearth:help)\n",
        t.run("frobnicate").err());
    assertFalse(t.run("service-rm", "nope").ok());
    assertEquals(version, t.store.version(), "nothing written");
  }

  @Test
  void notLeaderNamesTheLeaderAndItsAddress() {
    assertEquals("this node is not the leader: run the command on n2 (127.0.0.1:9872)",
        Errors.message(new NotLeaderException("not the leader", "n2"),
            id -> id.equals("n2") ? "127.0.0.1:9872" : null));
    assertTrue(Errors.message(new NotLeaderException("not the leader", null), id -> null)
        .startsWith("this node is not the leader, and no leader is known yet"));
  }

  @Test
  void helpListsEveryCommandAndEachTakesHelp() {
    String help = t.ok("help");
    for (Command c : t.shell.commands()) {
      assertTrue(help.contains("hearth:" + c.name()), c.name() + " in\n" + help);
    }
    assertTrue(t.ok("service-scale", "--help").contains("usage: hearth:service-scale <service> "
        + "<replicas>"));
  }

  @Test
  void lsWithoutAKindCountsEveryKind() {
    t.ok("node-add", "n1");
    String counts = t.ok("ls");
    assertTrue(counts.contains("nodes     1"), counts);
    assertTrue(counts.contains("store version " + t.store.version()), counts);
  }

  private String usage(String name) {
    return t.shell.commands().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow().usage();
  }
}
