package dev.socketkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** The transports every connection test runs over; each gives a fresh loopback address to bind. */
public enum Transport {
  TCP4 {
    @Override
    public SocketAddress bindAddress() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
  },
  TCP6 {
    @Override
    public SocketAddress bindAddress() {
      return new InetSocketAddress("::1", 0);
    }
  },
  UNIX {
    @Override
    public SocketAddress bindAddress() {
      try {
        Path dir = Files.createTempDirectory("socketkit");
        dir.toFile().deleteOnExit();
        Path sock = dir.resolve("s.sock");
        sock.toFile().deleteOnExit();
        return UnixDomainSocketAddress.of(sock);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** Returns a loopback address to bind: port 0 for TCP, a new path in a temp dir for Unix. */
  public abstract SocketAddress bindAddress();

  /** Whether this is a TCP transport. */
  public boolean isTcp() {
    return this != UNIX;
  }
}
