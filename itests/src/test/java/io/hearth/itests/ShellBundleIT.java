package io.hearth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.hearth.model.Service;
import io.hearth.replication.ReplicationGroup;
import io.hearth.store.By;
import io.hearth.store.StoreService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The shell bundle in Felix, driven as an operator would: command lines run through a real
 * Gogo {@link CommandSession} (Gogo's own parsing of options such as
 * {@code --constraint node.labels.zone==east}), against the real store with the plugins
 * running, and the output read back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class ShellBundleIT extends HearthIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  public ShellBundleIT() {
    super(TIMEOUT);
  }

  @Configuration
  public Option[] config() {
    return HearthOptions.nodeWithShell();
  }

  /** What one command line printed. */
  private record Output(String out, String err) {}

  private CommandProcessor processor;

  private Output run(String line) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(
            new ByteArrayInputStream(new byte[0]), o, e)) {
      Object result = session.execute(line);
      assertNull(line + " returns nothing for the console to print", result);
    }
    return new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String ok(String line) throws Exception {
    Output output = run(line);
    assertEquals(line + " printed an error", "", output.err());
    return output.out();
  }

  private void awaitShell() throws Exception {
    processor = osgi().awaitService(CommandProcessor.class);
    osgi().awaitService(Function.class, "(&(osgi.command.scope=hearth)(osgi.command.function=ls))");
    osgi().awaitService(StoreService.class);
  }

  @Test
  public void createListShowScaleAndWatchThroughGogo() throws Exception {
    awaitShell();
    StoreService store = osgi().awaitService(StoreService.class);

    assertTrue(ok("hearth:node-add n1 --cpus 4 --memory 8G --label zone=east")
        .startsWith("added node n1 (id "));
    ok("hearth:node-add n2 --label zone=west");
    String created = ok("hearth:service-create web --replicas 2 --image nginx:1 "
        + "--constraint node.labels.zone==east");
    assertTrue(created, created.startsWith("created service web (id "));
    Service web = store.view(tx -> tx.services().find(By.byName("web")).get(0));
    assertEquals(List.of("node.labels.zone==east"),
        web.getSpec().getTask().getPlacement().getConstraintsList());

    String services = ok("hearth:ls services");
    assertTrue(services, services.lines().anyMatch(l -> l.matches(
        "\\w+ +web +replicated 0/2 +- +\\d+ +\\d+s")));

    // The orchestrator makes the tasks, the scheduler puts them on n1 (zone east) only.
    String assigned = osgi().awaitValue("web's tasks assigned on n1",
        () -> call(() -> ok("hearth:ls tasks --service web --node n1 --state assigned")),
        out -> out.lines().filter(l -> l.contains("web.")).count() == 2);
    assertTrue(assigned, assigned.lines().allMatch(l -> !l.contains("n2")));

    String shown = ok("hearth:show service " + web.getId().substring(0, 8));
    assertTrue(shown, shown.startsWith("service web (id " + web.getId()));
    assertTrue(shown, shown.contains("image: \"nginx:1\""));

    // A bounded watch on a second session ends by itself after its count of events.
    CompletableFuture<String> watched = CompletableFuture.supplyAsync(
        () -> call(() -> ok("hearth:watch task --service web --action create --count 1")));
    String scaled = "";
    for (int replicas = 3; !watched.isDone() && replicas < 100; replicas++) {
      scaled = ok("hearth:service-scale web " + replicas);
      try {
        watched.get(200, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException notYet) {
        // the watch may have opened after this scale-up's tasks were made: scale again
      }
    }
    assertTrue(scaled, scaled.startsWith("service web: replicas "));
    String events = watched.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(events, events.lines().anyMatch(l -> l.matches(
        "\\d+ +create +task +\\w+ +web\\.\\d+ +new")));
    assertTrue(events, events.endsWith("(1 event)\n"));

    // Errors: one line, nothing written.
    long version = store.version();
    assertEquals("hearth: no service 'nope' (by id, name or id prefix)\n",
        run("hearth:service-scale nope 3").err());
    assertTrue(run("hearth:service-create web --image x").err()
        .startsWith("hearth: already exists: "));
    assertEquals(version, store.version());

    // The replication bundle is installed but not configured here: the store runs on the
    // in-process log, and hearth:raft says so.
    assertTrue(run("hearth:raft").err().startsWith(
        "hearth: the replication bundle is there but no group runs on this node"));
    String status = ok("hearth:status");
    assertTrue(status, status.contains("plugins active here: orchestrator, allocator, "
        + "scheduler, simulated agents"));
  }

  @Test
  public void raftShowsTheGroupOfAConfiguredReplicationBundle() throws Exception {
    awaitShell();
    ConfigurationAdmin cm = osgi().awaitService(ConfigurationAdmin.class);
    Hashtable<String, Object> replication = new Hashtable<>();
    replication.put("node.id", "it-1");
    replication.put("port", Integer.toString(freePort()));
    replication.put("data.dir", Files.createTempDirectory("hearth-shell-it").toString());
    cm.getConfiguration("io.hearth.replication", "?").update(replication);
    // the group starts once the store attaches to it: make the store take the Ratis log
    Hashtable<String, Object> store = new Hashtable<>();
    store.put("log.target", "(hearth.log=ratis)");
    cm.getConfiguration("io.hearth.store", "?").update(store);
    osgi().awaitService(ReplicationGroup.class);

    String raft = osgi().awaitValue("it-1 leads its group and has applied an entry", () -> call(() -> run("hearth:raft")
        .out()), out -> out.contains("it-1 (leader)")
        && out.lines().anyMatch(l -> l.matches("applied index +\\d+")));
    assertTrue(raft, raft.lines().anyMatch(l -> l.matches("it-1 +127\\.0\\.0\\.1:\\d+ +leader, "
        + "this node +-")));
    assertTrue(raft, raft.lines().anyMatch(l -> l.matches("term +\\d+")));
    String refused = run("hearth:raft-add it-2 nowhere").err();
    assertEquals("hearth: 'nowhere' is not host:port\nusage: hearth:raft-add <id> <host:port>\n",
        refused);
  }

  private interface Call<T> {
    T call() throws Exception;
  }

  private static <T> T call(Call<T> call) {
    try {
      return call.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
