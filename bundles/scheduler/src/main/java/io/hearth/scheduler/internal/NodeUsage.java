package io.hearth.scheduler.internal;

import io.hearth.model.Resources;
import io.hearth.model.Task;
import java.util.HashMap;
import java.util.Map;

/** What the tasks placed on one node reserve, and how many there are of each service. */
final class NodeUsage {
  static final NodeUsage EMPTY = new NodeUsage();

  private long nanoCpus;
  private long memoryBytes;
  private int tasks;
  private final Map<String, Integer> perService = new HashMap<>();

  void hold(Task task) {
    Resources r = task.getSpec().getResources().getReservations();
    nanoCpus += r.getNanoCpus();
    memoryBytes += r.getMemoryBytes();
    tasks++;
    perService.merge(task.getServiceId(), 1, Integer::sum);
  }

  void release(Task task) {
    Resources r = task.getSpec().getResources().getReservations();
    nanoCpus -= r.getNanoCpus();
    memoryBytes -= r.getMemoryBytes();
    tasks--;
    perService.computeIfPresent(task.getServiceId(), (s, n) -> n == 1 ? null : n - 1);
  }

  long nanoCpus() {
    return nanoCpus;
  }

  long memoryBytes() {
    return memoryBytes;
  }

  int tasks() {
    return tasks;
  }

  int tasksOf(String serviceId) {
    return perService.getOrDefault(serviceId, 0);
  }
}
