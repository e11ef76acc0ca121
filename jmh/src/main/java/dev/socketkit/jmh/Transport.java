package dev.socketkit.jmh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The two transports every network benchmark runs on: TCP over loopback and Unix-domain sockets. */
public enum Transport {
  /** TCP on 127.0.0.1. */
  TCP,
  /** A Unix-domain stream socket in a temporary directory. */
  UNIX;

  /**
   * Parses {@code tcp} or {@code unix}.
   *
   * @param name the name, any case
   * @return the transport
   */
  public static Transport parse(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /**
   * Returns the echo and churn addresses for a server: TCP port P and P+1 on loopback, or the
   * path and the path with {@code -churn} appended.
   *
   * @param port the TCP echo port (0: the caller picks)
   * @param path the Unix socket path, or null for a fresh one in the temporary directory
   * @return the echo address, then the churn address
   * @throws IOException if a temporary directory cannot be made
   */
  public SocketAddress[] addresses(int port, String path) throws IOException {
    if (this == TCP) {
      InetAddress lo = InetAddress.getLoopbackAddress();
      return new SocketAddress[] {
        new InetSocketAddress(lo, port), new InetSocketAddress(lo, port == 0 ? 0 : port + 1)
      };
    }
    Path p = path != null ? Path.of(path) : Files.createTempDirectory("skb").resolve("echo.sock");
    return new SocketAddress[] {
      UnixDomainSocketAddress.of(p), UnixDomainSocketAddress.of(p.toString() + "-churn")
    };
  }

  /**
   * Formats an address the way {@code listening ...} prints it: {@code 127.0.0.1:5555} or the
   * socket path.
   *
   * @param address the address
   * @return its text form
   */
  public static String format(SocketAddress address) {
    if (address instanceof InetSocketAddress) {
      InetSocketAddress a = (InetSocketAddress) address;
      return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
    return ((UnixDomainSocketAddress) address).getPath().toString();
  }

  /**
   * Parses what {@link #format} printed.
   *
   * @param text {@code host:port} or a path starting with {@code /}
   * @return the address
   */
  public static SocketAddress parseAddress(String text) {
    if (text.startsWith("/")) {
      return UnixDomainSocketAddress.of(text);
    }
    int colon = text.lastIndexOf(':');
    return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
  }
}
