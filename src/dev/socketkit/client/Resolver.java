package dev.socketkit.client;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * Turns a host name into its addresses, for a {@link Connector}: called once per round of
 * attempts, so a service that moved is found on the next round. It may block (a DNS query) and
 * should bound its own waiting; an {@link IOException} it throws, such as {@link
 * java.net.UnknownHostException}, ends the connect at once, and an empty list is reported as an
 * unknown host.
 *
 * <pre>{@code
 * Resolver fixed = host -> List.of(InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1"));
 * Connector connector = Connector.builder().resolver(fixed).build();
 * }</pre>
 */
@FunctionalInterface
public interface Resolver {
  /**
   * Returns the addresses of {@code host}, in the order the system prefers them; the connector
   * interleaves the families before it tries them.
   *
   * @param host a host name or address literal
   * @return its addresses; an empty list means the name is unknown
   * @throws IOException if the name cannot be resolved
   */
  List<InetAddress> resolve(String host) throws IOException;

  /**
   * Returns the resolver of the JDK ({@link InetAddress#getAllByName(String)}), which consults the
   * system's resolver and the JDK's address cache ({@code networkaddress.cache.ttl}).
   *
   * @return the system resolver
   */
  static Resolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
