package io.hearth.allocator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.IPAMConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One subnet's bitmap: reserved addresses, ranges, next-fit reuse, exhaustion, bad configs. */
class AddressPoolTest {

  private static AddressPool pool(String subnet, String range, String gateway) {
    return new AddressPool(IPAMConfig.newBuilder().setSubnet(subnet).setRange(range)
        .setGateway(gateway).build());
  }

  private static List<String> drain(AddressPool pool) {
    List<String> out = new ArrayList<>();
    for (long a = pool.allocate(); a >= 0; a = pool.allocate()) {
      out.add(Ipv4.format(a));
    }
    return out;
  }

  @Test
  void networkBroadcastAndGatewayAreNeverHandedOut() {
    AddressPool pool = pool("10.0.0.0/29", "", "");
    assertEquals("10.0.0.1", pool.config().getGateway());
    assertEquals(5, pool.free());
    assertEquals(List.of("10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"),
        drain(pool));
    assertEquals(0, pool.free());
    pool.release(Ipv4.parse("10.0.0.1"));
    pool.release(Ipv4.parse("10.0.0.7"));
    assertEquals(-1, pool.allocate());
  }

  @Test
  void aGivenGatewayIsReservedAndHostBitsOfTheSubnetAreCleared() {
    AddressPool pool = pool("192.168.5.77/28", "", "192.168.5.78");
    assertEquals("192.168.5.64/28", pool.config().getSubnet());
    List<String> all = drain(pool);
    assertEquals(13, all.size());
    assertFalse(all.contains("192.168.5.78"));
    assertFalse(all.contains("192.168.5.64"));
    assertFalse(all.contains("192.168.5.79"));
  }

  @Test
  void onlyTheRangeIsHandedOut() {
    AddressPool pool = pool("10.1.0.0/16", "10.1.2.0/30", "");
    assertEquals(List.of("10.1.2.0", "10.1.2.1", "10.1.2.2", "10.1.2.3"), drain(pool));
    assertTrue(pool.inSubnet(Ipv4.parse("10.1.200.1")));
  }

  @Test
  void aFreedAddressIsReusedOnlyAfterTheRestWasUsed() {
    AddressPool pool = pool("10.0.0.0/24", "", "");
    long a = pool.allocate();
    long b = pool.allocate();
    pool.release(a);
    long c = pool.allocate();
    assertEquals(b + 1, c);
    List<String> rest = drain(pool);
    // The last one found is the freed address, after wrapping around.
    assertEquals(Ipv4.format(a), rest.get(rest.size() - 1));
    assertEquals(0, pool.free());
    pool.release(b);
    assertEquals(b, pool.allocate());
  }

  @Test
  void markedAddressesAreSkippedAndAllocationIsUniqueOverALargePool() {
    AddressPool pool = pool("10.8.0.0/20", "", "");
    pool.mark(Ipv4.parse("10.8.0.2"));
    pool.mark(Ipv4.parse("10.8.0.200"));
    pool.mark(Ipv4.parse("10.9.0.5")); // outside: ignored
    Set<Long> seen = new HashSet<>();
    for (long a = pool.allocate(); a >= 0; a = pool.allocate()) {
      assertTrue(seen.add(a));
    }
    assertEquals(4096 - 3 - 2, seen.size());
    assertFalse(seen.contains(Ipv4.parse("10.8.0.200")));
  }

  @Test
  void smallSubnetsHaveNoBroadcast() {
    assertEquals(List.of("10.0.0.5"), drain(pool("10.0.0.4/31", "", "")));
    assertEquals(List.of(), drain(pool("10.0.0.4/32", "", "")));
  }

  @Test
  void invalidConfigsAreRejectedWithTheReason() {
    assertEquals("not IPv4 CIDR (a.b.c.d/n): 10.0.0.0",
        assertThrows(IllegalArgumentException.class, () -> pool("10.0.0.0", "", ""))
            .getMessage());
    assertEquals("not an IPv4 address: 10.0.300.0",
        assertThrows(IllegalArgumentException.class, () -> pool("10.0.300.0/24", "", ""))
            .getMessage());
    assertEquals("subnet 10.0.0.0/7 is larger than a /8",
        assertThrows(IllegalArgumentException.class, () -> pool("10.0.0.0/7", "", ""))
            .getMessage());
    assertEquals("range 10.0.1.0/25 is outside subnet 10.0.0.0/24",
        assertThrows(IllegalArgumentException.class, () -> pool("10.0.0.0/24", "10.0.1.0/25", ""))
            .getMessage());
    assertEquals("gateway 10.0.1.1 is outside subnet 10.0.0.0/24",
        assertThrows(IllegalArgumentException.class, () -> pool("10.0.0.0/24", "", "10.0.1.1"))
            .getMessage());
  }
}
