package dev.socketkit.client;

import dev.socketkit.internal.Errors;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** What one round of a {@link Connector} tries, resolved afresh each time it is asked. */
final class Addresses {
  private Addresses() {}

  /** The addresses of {@code host} at {@code port}, families interleaved. */
  static List<SocketAddress> ofHost(Resolver resolver, String host, int port, String target) throws IOException {
    List<SocketAddress> all = new ArrayList<>();
    for (InetAddress a : resolve(resolver, host, target)) {
      all.add(new InetSocketAddress(a, port));
    }
    return all;
  }

  /** The caller's candidates in their order, each unresolved one replaced by its addresses. */
  static List<SocketAddress> ofList(Resolver resolver, List<SocketAddress> candidates) throws IOException {
    List<SocketAddress> all = new ArrayList<>();
    for (SocketAddress a : candidates) {
      if (a instanceof InetSocketAddress && ((InetSocketAddress) a).isUnresolved()) {
        InetSocketAddress u = (InetSocketAddress) a;
        for (InetAddress found : resolve(resolver, u.getHostString(), Errors.format(u))) {
          all.add(new InetSocketAddress(found, u.getPort()));
        }
      } else {
        all.add(a);
      }
    }
    return all;
  }

  private static List<InetAddress> resolve(Resolver resolver, String host, String target) throws IOException {
    List<InetAddress> found = resolver.resolve(host);
    if (found == null || found.isEmpty()) {
      throw new UnknownHostException("connect to " + target + ": the resolver found no address for " + host);
    }
    return interleave(List.copyOf(found));
  }

  /**
   * Orders addresses as RFC 8305 section 4 does: alternating families, starting with the family
   * of the first address, each family keeping the resolver's order.
   */
  static List<InetAddress> interleave(List<InetAddress> found) {
    if (found.isEmpty()) {
      return found;
    }
    boolean firstIs6 = found.get(0) instanceof Inet6Address;
    List<InetAddress> first = new ArrayList<>();
    List<InetAddress> second = new ArrayList<>();
    for (InetAddress a : found) {
      ((a instanceof Inet6Address) == firstIs6 ? first : second).add(a);
    }
    List<InetAddress> out = new ArrayList<>(found.size());
    for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
      if (i < first.size()) {
        out.add(first.get(i));
      }
      if (i < second.size()) {
        out.add(second.get(i));
      }
    }
    return out;
  }
}
