package dev.socketkit.datagram;

import dev.socketkit.internal.Errors;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** The two address families every datagram test runs over, on loopback. */
enum Family {
  IPV4("127.0.0.1"),
  IPV6("::1");

  private final String loopback;

  Family(String loopback) {
    this.loopback = loopback;
  }

  InetAddress loopback() {
    try {
      return InetAddress.getByName(loopback);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The loopback address with port 0. */
  InetSocketAddress any() {
    return new InetSocketAddress(loopback(), 0);
  }

  DatagramEndpoint bind() throws IOException {
    return DatagramEndpoint.bind(any());
  }

  /** How messages show an address. */
  String text(InetSocketAddress address) {
    return Errors.format(address);
  }
}
