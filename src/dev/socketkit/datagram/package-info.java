/**
 * Datagram (UDP) sockets over IPv4 and IPv6: an endpoint that sends and receives whole messages
 * with time limits and typed errors, a server that runs a handler per datagram under a choice of
 * strategies, a request/response client with retries, and multicast groups.
 *
 * <p>A datagram arrives whole or not at all, possibly twice, possibly out of order. This package
 * never hides that: sizes over a limit are errors, not silent truncation ({@link
 * dev.socketkit.datagram.DatagramTooLongException}); an ICMP "port unreachable" on a connected
 * endpoint is a {@link dev.socketkit.ConnectionRefusedException}; and the client retries and
 * matches replies to requests instead of trusting the first datagram that comes back.
 */
package dev.socketkit.datagram;
