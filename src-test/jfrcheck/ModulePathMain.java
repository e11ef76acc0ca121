package jfrcheck;

import dev.socketkit.Connection;
import dev.socketkit.client.Connector;
import dev.socketkit.server.Server;
import dev.socketkit.server.Strategy;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Run by {@code JfrOnTheModulePathTest} in a child JVM with socketkit on the module path: records
 * one client and one server session and prints socketkit's module and the events per name. Outside
 * socketkit's packages on purpose, so the class path cannot supply them.
 */
public final class ModulePathMain {
  private ModulePathMain() {}

  /**
   * Records and prints.
   *
   * @param args the recording file to write
   * @throws Exception if anything fails, which the test sees as a non-zero exit
   */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    try (Recording r = new Recording()) {
      for (String name : List.of("socketkit.ConnectAttempt", "socketkit.ConnectionOpened",
          "socketkit.ConnectionClosed", "socketkit.Starvation", "socketkit.Shutdown")) {
        r.enable(name).withoutThreshold();
      }
      r.start();
      try (Server s = Server.of(new InetSocketAddress("127.0.0.1", 0), Strategy.prestartedAccept(1),
              c -> c.output().writeByte(1).flush()).start();
          Connection c = Connector.defaults().connect(List.of(s.localAddress()))) {
        c.setReadTimeout(java.time.Duration.ofSeconds(10));
        c.input().readByte();
      }
      r.stop();
      r.dump(file);
    }
    Map<String, Integer> counts = new TreeMap<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      counts.merge(e.getEventType().getName(), 1, Integer::sum);
    }
    System.out.println("module=" + Connector.class.getModule().getName() + " events=" + counts);
  }
}
