package dev.socketkit.jmh.net;

import dev.socketkit.jmh.Transport;
import dev.socketkit.jmh.server.ServerUnderTest;
import java.io.IOException;

/** Starts the server under test in a child JVM for a trial and stops it after, printing its report. */
final class EchoServerState {
  private EchoServerState() {}

  static ServerUnderTest start(String server, String transport) throws IOException {
    return ServerUnderTest.start(server, Transport.parse(transport));
  }

  static void stop(ServerUnderTest p) {
    if (p != null) {
      System.out.println(p.stop());
    }
  }
}
