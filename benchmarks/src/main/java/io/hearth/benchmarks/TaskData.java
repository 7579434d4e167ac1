package io.hearth.benchmarks;

import io.hearth.model.Annotations;
import io.hearth.model.ContainerSpec;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import io.hearth.model.TaskState;
import io.hearth.model.TaskStatus;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Realistic tasks, built deterministically from a seed so every benchmark and every run sees the
 * same data.
 *
 * <p>Shape: a SwarmKit-like id (25 random base-32 characters), one of {@value #SERVICES} service
 * ids (task {@code i} belongs to service {@code i % SERVICES}, so every service has the same
 * number of tasks), its slot, one of {@value #NODES} node ids, the annotation name
 * {@code "<service name>.<slot>"}, desired state RUNNING, a status with a state and message, and
 * a spec with a container image. Each task has its own strings (as a task decoded from the log
 * would), except that tasks of one service share the service id and image strings.
 */
public final class TaskData {
  /** Number of distinct service ids. */
  public static final int SERVICES = 1_000;
  /** Number of distinct node ids. */
  public static final int NODES = 1_000;
  /** The seed every benchmark uses. */
  public static final long SEED = 0x4EA27L;

  private static final char[] BASE32 = "0123456789abcdefghijklmnopqrstuv".toCharArray();
  private static final String[] IMAGES = {
    "nginx:1.27.3", "redis:7.4.1", "postgres:16.6", "registry.example.com/team/api:2.14.0",
    "registry.example.com/team/worker:2.14.0", "busybox:1.37", "traefik:v3.2", "grafana/grafana:11.4.0"
  };

  private TaskData() {}

  /** {@code n} tasks with distinct ids, from {@link #SEED}. */
  public static Task[] tasks(int n) {
    return tasks(n, SEED);
  }

  /** {@code n} tasks with distinct ids, from {@code seed}. */
  public static Task[] tasks(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String[] serviceIds = distinctIds(SERVICES, random);
    String[] nodeIds = distinctIds(NODES, random);
    String[] taskIds = distinctIds(n, random);
    Task[] tasks = new Task[n];
    for (int i = 0; i < n; i++) {
      int service = i % SERVICES;
      long slot = i / SERVICES + 1;
      tasks[i] = Task.newBuilder()
          .setId(taskIds[i])
          .setServiceId(serviceIds[service])
          .setSlot(slot)
          .setNodeId(nodeIds[random.nextInt(NODES)])
          .setAnnotations(Annotations.newBuilder().setName("svc" + service + "." + slot))
          .setDesiredState(TaskState.TASK_STATE_RUNNING)
          .setStatus(TaskStatus.newBuilder()
              .setState(TaskState.TASK_STATE_RUNNING)
              .setMessage("started"))
          .setSpec(TaskSpec.newBuilder()
              .setContainer(ContainerSpec.newBuilder().setImage(IMAGES[service % IMAGES.length])))
          .build();
    }
    return tasks;
  }

  /** {@code n} ids that are not ids of {@code tasks}, for misses and fresh inserts. */
  public static String[] freshIds(int n, long seed) {
    return distinctIds(n, new SplittableRandom(seed));
  }

  /** A 25-character random base-32 id, like SwarmKit's identity.NewID(). */
  public static String randomId(SplittableRandom random) {
    char[] id = new char[25];
    for (int i = 0; i < id.length; i++) {
      id[i] = BASE32[random.nextInt(32)];
    }
    return new String(id);
  }

  private static String[] distinctIds(int n, SplittableRandom random) {
    Set<String> seen = new HashSet<>(n * 2);
    String[] ids = new String[n];
    for (int i = 0; i < n; ) {
      String id = randomId(random);
      if (seen.add(id)) {
        ids[i++] = id;
      }
    }
    return ids;
  }
}
