package io.hearth.benchmarks;

import io.hearth.memdb.Index;
import io.hearth.memdb.Indexer;
import io.hearth.memdb.MemDb;
import io.hearth.memdb.Schema;
import io.hearth.memdb.Table;
import io.hearth.memdb.WriteTxn;
import io.hearth.model.Task;
import java.util.List;

/** The benchmarked memdb schema: tasks with the unique id index and a non-unique service index. */
final class TaskTable {
  static final Table<Task> TASKS = Table.builder("tasks", Task.class)
      .id(Task::getId)
      .index("service", false, Indexer.string(Task::getServiceId))
      .build();
  static final Index<Task> BY_ID = TASKS.id();
  static final Index<Task> BY_SERVICE = TASKS.index("service");
  static final Schema SCHEMA = new Schema(List.of(TASKS));

  /** Rows per write transaction, for loading and for the insert benchmark. */
  static final int TXN_SIZE = 1_000;

  private TaskTable() {}

  /** A new database holding {@code tasks}, committed in transactions of {@link #TXN_SIZE}. */
  static MemDb load(Task[] tasks) {
    MemDb db = new MemDb(SCHEMA);
    for (int from = 0; from < tasks.length; from += TXN_SIZE) {
      WriteTxn txn = db.begin();
      for (int i = from, end = Math.min(tasks.length, from + TXN_SIZE); i < end; i++) {
        txn.insert(TASKS, tasks[i]);
      }
      txn.commit();
    }
    return db;
  }
}
