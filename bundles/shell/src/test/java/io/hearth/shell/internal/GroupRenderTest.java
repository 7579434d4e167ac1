package io.hearth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.replication.GroupStatus;
import io.hearth.replication.Member;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupRenderTest {
  private final GroupStatus status = new GroupStatus("n1", Optional.of("n1"),
      List.of(new Member("n1", "127.0.0.1:1"), new Member("n2", "127.0.0.1:2"),
          new Member("n3", "127.0.0.1:3")),
      2, 10, 10, -1, true, Map.of("n2", Duration.ofMillis(40), "n3", Duration.ofSeconds(75)));

  @Test
  void lastHeardIsMillisecondsUnderASecondThenWholeUnitsAndDashForItself() {
    assertEquals("40 ms ago", GroupCommands.lastHeard(status, "n2"));
    assertEquals("1m ago", GroupCommands.lastHeard(status, "n3"));
    assertEquals("-", GroupCommands.lastHeard(status, "n1"));
  }

  @Test
  void theMemberTableShowsWhenEachMemberWasLastHeardFrom() {
    String out = GroupCommands.render(status);
    assertTrue(out.lines().anyMatch(l -> l.matches("n3 +127\\.0\\.0\\.1:3 +follower +1m ago")),
        out);
    assertTrue(out.lines().anyMatch(l -> l.matches("n1 +127\\.0\\.0\\.1:1 +leader, this node +-")),
        out);
  }
}
