package io.hearth.allocator.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4Test {

  @Test
  void dottedQuadParsesToItsUnsignedValue() {
    assertEquals(0x0A10_0003L, Ipv4.parse("10.16.0.3"));
    assertEquals(0xFFFF_FFFFL, Ipv4.parse("255.255.255.255"));
    assertEquals(0L, Ipv4.parse("0.0.0.0"));
    assertEquals(0x0A00_0007L, Ipv4.parse("010.0.0.007"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10.0.0", "10.0.0.1.2", "10..0.1", "10.0.0.", ".10.0.0.1",
      "256.0.0.1", "10.0.0.a", "1000.0.0.1", "10.0.0.-1", "10.0.0.1/24", " 10.0.0.1"})
  void anythingElseIsRejected(String text) {
    assertThrows(IllegalArgumentException.class, () -> Ipv4.parse(text));
  }

  @Test
  void addressOfReadsCidrOrPlainAddressAndMinusOneOtherwise() {
    assertEquals(0x0A10_0003L, Ipv4.addressOf("10.16.0.3/16"));
    assertEquals(0x0A10_0003L, Ipv4.addressOf("10.16.0.3"));
    assertEquals(-1L, Ipv4.addressOf("fe80::1/64"));
  }

  @Test
  void cidrClearsHostBits() {
    assertEquals(new Ipv4.Cidr(0x0A00_0000L, 24), Ipv4.parseCidr("10.0.0.7/24"));
    assertThrows(IllegalArgumentException.class, () -> Ipv4.parseCidr("10.0.0.0/33"));
  }
}
