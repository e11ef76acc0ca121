package dev.socketkit.jmh.net;

import dev.socketkit.jmh.Transport;
import dev.socketkit.jmh.server.RunningServer;
import dev.socketkit.jmh.server.Servers;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every server once, in process, before a benchmark run trusts it: echo of 0, 64 and
 * 65,536 bytes, pipelined frames, and one churn request. Prints one line per server and
 * transport; exits non-zero on the first failure.
 */
public final class SmokeCheck {
  private SmokeCheck() {}

  /**
   * Runs the check.
   *
   * @param args server names to check; none means every strategy and peer
   * @throws Exception on the first failure
   */
  public static void main(String[] args) throws Exception {
    List<String> names = new ArrayList<>(List.of(args));
    if (names.isEmpty()) {
      names.addAll(Servers.STRATEGIES);
      names.addAll(Servers.PEERS);
    }
    for (String name : names) {
      for (Transport t : Transport.values()) {
        try (RunningServer s = Servers.start(name, t, 0, null, 2)) {
          try (WireClient c = WireClient.connect(s.echoAddress(), 65536)) {
            for (int size : new int[] {0, 64, 65536}) {
              c.send(size);
              c.receive(size);
            }
            for (int i = 0; i < 8; i++) {
              c.send(64);
            }
            for (int i = 0; i < 8; i++) {
              c.receive(64);
            }
          }
          try (WireClient c = WireClient.connect(s.churnAddress(), 4000)) {
            c.request(4000);
            c.receive(4000);
            c.request(0);
            c.receive(0);
          }
          System.out.println("ok " + name + " " + t + " " + Transport.format(s.echoAddress()));
        }
      }
    }
  }
}
