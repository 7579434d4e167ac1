package io.hearth.replication.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot files of one node, in Ratis's state machine directory, named like Ratis's own
 * ({@code snapshot.<term>_<index>}) so that the leader can send them to a follower and the
 * follower's install lands them where this class finds them. It knows which snapshot is the
 * newest complete and valid one (the one Ratis may send and purge the log up to); a file is only
 * believed once it was written completely here or read back with a matching checksum.
 */
final class SnapshotStore implements StateMachineStorage {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
  static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

  private final AtomicReference<SingleFileSnapshotInfo> latest = new AtomicReference<>();
  private volatile Path dir;

  @Override
  public void init(RaftStorage storage) throws IOException {
    dir = storage.getStorageDir().getStateMachineDir().toPath();
    Files.createDirectories(dir);
    removeTemporaryFiles();
  }

  Path dir() {
    return dir;
  }

  /** Where the snapshot at {@code termIndex} lives. */
  Path fileFor(TermIndex termIndex) {
    return dir.resolve("snapshot." + termIndex.getTerm() + "_" + termIndex.getIndex());
  }

  /** Snapshot files present, newest (highest index) first; whether valid is not checked. */
  List<Candidate> candidates() throws IOException {
    return candidates(dir);
  }

  /** Snapshot files in {@code dir}, newest first. */
  static List<Candidate> candidates(Path dir) throws IOException {
    List<Candidate> found = new ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return found;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (m.matches() && Files.isRegularFile(file)) {
          found.add(new Candidate(file,
              TermIndex.valueOf(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))));
        }
      }
    }
    found.sort(Comparator.comparing(Candidate::termIndex).reversed());
    return found;
  }

  /** A snapshot file and the term and index its name claims. */
  record Candidate(Path file, TermIndex termIndex) { }

  /** Records a complete, valid snapshot as the newest, if it is newer than the one known. */
  void offer(Path file, TermIndex termIndex) {
    SingleFileSnapshotInfo info = new SingleFileSnapshotInfo(new FileInfo(file, null), termIndex);
    latest.updateAndGet(prev -> prev == null || termIndex.compareTo(prev.getTermIndex()) > 0
        ? info : prev);
  }

  /** Forgets every snapshot (the directory was replaced by an installed one). */
  void reset() {
    latest.set(null);
  }

  @Override
  public SingleFileSnapshotInfo getLatestSnapshot() {
    return latest.get();
  }

  long latestIndex() {
    SingleFileSnapshotInfo s = latest.get();
    return s == null ? -1 : s.getIndex();
  }

  @Override
  public void format() {
    // The directory is created by init; there is nothing else to format.
  }

  /** Keeps the newest {@code retained} snapshot files, and always the newest valid one. */
  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    int retained = policy == null ? -1 : policy.getNumSnapshotsRetained();
    if (retained <= 0 || dir == null) {
      return;
    }
    SingleFileSnapshotInfo keep = latest.get();
    List<Candidate> all = candidates();
    for (Candidate c : all.subList(Math.min(retained, all.size()), all.size())) {
      if (keep != null && c.file().equals(keep.getFile().getPath())) {
        continue;
      }
      LOG.info("deleting old snapshot {}", c.file());
      Files.deleteIfExists(c.file());
      Files.deleteIfExists(c.file().resolveSibling(c.file().getFileName() + ".md5"));
    }
  }

  /** Leftovers of a write that did not finish (a crash mid-snapshot). */
  private void removeTemporaryFiles() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "snapshot.*.tmp")) {
      for (Path file : files) {
        LOG.info("removing unfinished snapshot {}", file);
        Files.deleteIfExists(file);
      }
    }
  }

  @Override
  public File getSnapshotDir() {
    return null; // Ratis's default: the state machine directory
  }
}
