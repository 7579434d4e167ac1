package io.hearth.allocator.internal;

import io.hearth.model.IPAMConfig;

/**
 * The addresses of one IPv4 subnet that may be handed out (its {@code range} if set, else the
 * whole subnet), one bit each: set means in use. The subnet's network and broadcast addresses
 * (for prefixes up to /30) and its gateway are set from the start and never released.
 *
 * <p>Allocation is next-fit: the search starts after the last address handed out and wraps
 * around, so a freed address is reused only after the rest of the pool was used once (a
 * just-released address may still be cached by peers). Not thread-safe; owned by the
 * allocator's thread.
 */
final class AddressPool {
  /** The largest subnet accepted: a /8, 2 MiB of bitmap. */
  static final int MIN_PREFIX = 8;

  private final IPAMConfig config;
  private final int prefix;
  private final long subnetStart;
  private final long subnetEnd;
  private final long first;
  private final int size;
  private final long gateway;
  private final long[] bits;
  private int free;
  private int cursor;

  /**
   * A pool for {@code config}; {@link #config()} returns it with the gateway filled in (the
   * first address of the subnet after the network address, when none is given).
   *
   * @throws IllegalArgumentException if the subnet, range or gateway is not valid IPv4, the
   *     subnet is larger than a /8, or the range or gateway lies outside the subnet
   */
  AddressPool(IPAMConfig given) {
    Ipv4.Cidr subnet = Ipv4.parseCidr(given.getSubnet());
    if (subnet.prefix() < MIN_PREFIX) {
      throw new IllegalArgumentException("subnet " + given.getSubnet() + " is larger than a /"
          + MIN_PREFIX);
    }
    prefix = subnet.prefix();
    subnetStart = subnet.network();
    subnetEnd = subnetStart + (1L << (32 - prefix)) - 1;
    long rangeStart = subnetStart;
    long rangeEnd = subnetEnd;
    if (!given.getRange().isEmpty()) {
      Ipv4.Cidr range = Ipv4.parseCidr(given.getRange());
      rangeStart = range.network();
      rangeEnd = rangeStart + (1L << (32 - range.prefix())) - 1;
      if (rangeStart < subnetStart || rangeEnd > subnetEnd) {
        throw new IllegalArgumentException("range " + given.getRange() + " is outside subnet "
            + given.getSubnet());
      }
    }
    boolean hasBroadcast = prefix <= 30;
    if (given.getGateway().isEmpty()) {
      gateway = hasBroadcast ? subnetStart + 1 : subnetStart;
    } else {
      gateway = Ipv4.parse(given.getGateway());
      if (gateway < subnetStart || gateway > subnetEnd) {
        throw new IllegalArgumentException("gateway " + given.getGateway()
            + " is outside subnet " + given.getSubnet());
      }
    }
    config = given.toBuilder().setSubnet(Ipv4.format(subnetStart) + "/" + prefix)
        .setGateway(Ipv4.format(gateway)).build();
    first = rangeStart;
    size = (int) (rangeEnd - rangeStart + 1);
    bits = new long[(size + 63) >>> 6];
    free = size;
    if (hasBroadcast) {
      reserve(subnetStart);
      reserve(subnetEnd);
    }
    reserve(gateway);
  }

  /** The configuration this pool serves, gateway included. */
  IPAMConfig config() {
    return config;
  }

  /** Whether {@code address} lies in this pool's subnet (in its range or not). */
  boolean inSubnet(long address) {
    return address >= subnetStart && address <= subnetEnd;
  }

  /** Addresses still free. */
  int free() {
    return free;
  }

  /** Hands out a free address and marks it used, or returns -1 if none is left. */
  long allocate() {
    if (free == 0) {
      return -1;
    }
    int words = bits.length;
    int start = cursor >>> 6;
    // words + 1 steps: the cursor's word is looked at again, whole, after wrapping around.
    for (int n = 0; n <= words; n++) {
      int w = (start + n) % words;
      long word = bits[w];
      if (n == 0) {
        // On the first word, only bits at or after the cursor.
        word |= (1L << (cursor & 63)) - 1;
      }
      if (word != -1L) {
        int offset = (w << 6) + Long.numberOfTrailingZeros(~word);
        if (offset >= size) {
          // Past the end of the last, partial word: wrap around.
          continue;
        }
        set(offset);
        cursor = offset + 1 == size ? 0 : offset + 1;
        return first + offset;
      }
    }
    throw new IllegalStateException("free count " + free + " but no free bit");
  }

  /** Marks an address in use (someone holds it); outside the range, nothing happens. */
  void mark(long address) {
    long offset = address - first;
    if (offset >= 0 && offset < size && !isSet((int) offset)) {
      set((int) offset);
    }
  }

  /** Marks an address free again; reserved addresses and addresses outside the range stay. */
  void release(long address) {
    long offset = address - first;
    if (offset < 0 || offset >= size || isReserved(address) || !isSet((int) offset)) {
      return;
    }
    bits[(int) (offset >>> 6)] &= ~(1L << offset);
    free++;
  }

  /** Whether an address of the range is in use (or reserved). */
  boolean isUsed(long address) {
    long offset = address - first;
    return offset >= 0 && offset < size && isSet((int) offset);
  }

  /** The address in CIDR form with this subnet's prefix, e.g. {@code 10.0.0.3/24}. */
  String cidr(long address) {
    return Ipv4.format(address) + "/" + prefix;
  }

  private boolean isReserved(long address) {
    return address == gateway || (prefix <= 30 && (address == subnetStart
        || address == subnetEnd));
  }

  private void reserve(long address) {
    mark(address);
  }

  private boolean isSet(int offset) {
    return (bits[offset >>> 6] & (1L << offset)) != 0;
  }

  private void set(int offset) {
    bits[offset >>> 6] |= 1L << offset;
    free--;
  }
}
