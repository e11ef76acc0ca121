package dev.socketkit.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Which clients count as one source for per-source limits: an IPv4 address's first {@code ipv4Prefix}
 * bits (default 32, the address itself) or an IPv6 address's first {@code ipv6Prefix} bits (default
 * 64, since one subscriber usually holds a whole /64). A Unix-domain client has no address and
 * belongs to no source.
 */
final class SourceGrouping {
  static final SourceGrouping DEFAULT = new SourceGrouping(32, 64);

  private final int ipv4Prefix;
  private final int ipv6Prefix;

  SourceGrouping(int ipv4Prefix, int ipv6Prefix) {
    if (ipv4Prefix < 1 || ipv4Prefix > 32) {
      throw new IllegalArgumentException("ipv4Prefix: " + ipv4Prefix + " (expected: 1 to 32)");
    }
    if (ipv6Prefix < 1 || ipv6Prefix > 128) {
      throw new IllegalArgumentException("ipv6Prefix: " + ipv6Prefix + " (expected: 1 to 128)");
    }
    this.ipv4Prefix = ipv4Prefix;
    this.ipv6Prefix = ipv6Prefix;
  }

  /** The source of {@code remote}: its address with the bits past the prefix cleared; null if not IP. */
  InetAddress sourceOf(SocketAddress remote) {
    if (!(remote instanceof InetSocketAddress) || ((InetSocketAddress) remote).isUnresolved()) {
      return null;
    }
    InetAddress a = ((InetSocketAddress) remote).getAddress();
    byte[] bytes = a.getAddress();
    int prefix = a instanceof Inet4Address ? ipv4Prefix : ipv6Prefix;
    if (prefix == bytes.length * 8) {
      return a;
    }
    byte[] masked = Arrays.copyOf(bytes, bytes.length);
    for (int bit = prefix; bit < masked.length * 8; bit++) {
      masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    try {
      return InetAddress.getByAddress(masked);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }

  @Override
  public String toString() {
    return "/" + ipv4Prefix + " for IPv4, /" + ipv6Prefix + " for IPv6";
  }
}
