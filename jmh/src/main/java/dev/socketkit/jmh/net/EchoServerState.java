package dev.socketkit.jmh.net;

import dev.socketkit.jmh.Transport;
import dev.socketkit.jmh.server.ServerProcess;
import dev.socketkit.jmh.server.Servers;
import java.io.IOException;

/** Starts the server under test in a child JVM for a trial and stops it after, printing its report. */
final class EchoServerState {
  private EchoServerState() {}

  static ServerProcess start(String server, String transport) throws IOException {
    return ServerProcess.start(server, Transport.parse(transport), Servers.workersFor(server));
  }

  static void stop(ServerProcess p) {
    if (p != null) {
      System.out.println(p.stop());
    }
  }
}
