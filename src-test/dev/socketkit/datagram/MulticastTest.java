package dev.socketkit.datagram;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketkit.Leaks;
import dev.socketkit.TimedOutException;
import dev.socketkit.testkit.NoLeaks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Join, send to and leave a multicast group on the loopback interface; nothing leaves the host. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MulticastTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  static NetworkInterface loopbackInterface() throws SocketException {
    NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
    assumeTrue(lo != null && lo.isUp(), "no loopback interface is up");
    return lo;
  }

  @ParameterizedTest
  @CsvSource({"0.0.0.0, 239.255.42.99", ":: , ff01::4299"})
  void membersReceiveWhatIsSentToTheGroupUntilTheyLeave(String wildcard, String groupText) throws Exception {
    int fdsBefore = Leaks.openFds();
    NetworkInterface lo = loopbackInterface();
    InetAddress group = InetAddress.getByName(groupText);
    if (group instanceof java.net.Inet6Address) {
      // Linux routes IPv4 multicast over lo without its MULTICAST flag, but gives lo no IPv6
      // multicast route unless the flag is set (ip link set lo multicast on): sending fails with
      // "network is unreachable". Nothing may go over another interface, so skip then.
      assumeTrue(lo.supportsMulticast(), "loopback interface " + lo.getName()
          + " has no MULTICAST flag, so no IPv6 multicast route");
    }
    DatagramOptions shared = DatagramOptions.builder().reuseAddress(true).build();
    try (DatagramEndpoint a = DatagramEndpoint.bind(new InetSocketAddress(InetAddress.getByName(wildcard), 0), shared)) {
      int port = a.localAddress().getPort();
      try (DatagramEndpoint b = DatagramEndpoint.bind(new InetSocketAddress(InetAddress.getByName(wildcard), port), shared);
          DatagramEndpoint sender = DatagramEndpoint.bind(new InetSocketAddress(InetAddress.getByName(wildcard), 0))) {
        Membership ma = joinOrSkip(a, group, lo);
        Membership mb = b.join(group, lo);
        assertThat(ma.group()).isEqualTo(group);
        assertThat(ma.networkInterface()).isEqualTo(lo);
        sender.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo)
            .setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true)
            .setOption(StandardSocketOptions.IP_MULTICAST_TTL, 0); // never past this host
        InetSocketAddress to = new InetSocketAddress(group, port);
        sender.send("to all".getBytes(UTF_8), to);
        assertThat(a.receive(WAIT).text(UTF_8)).isEqualTo("to all");
        assertThat(b.receive(WAIT).text(UTF_8)).isEqualTo("to all");

        mb.close();
        assertThat(mb.isValid()).isFalse();
        sender.send("after b left".getBytes(UTF_8), to);
        assertThat(a.receive(WAIT).text(UTF_8)).isEqualTo("after b left");
        assertThatThrownBy(() -> b.receive(Duration.ofMillis(200))).isInstanceOf(TimedOutException.class);
        assertThat(ma.toString()).contains(lo.getName());
      }
    }
    NoLeaks.assertFdsSettle(fdsBefore);
  }

  private static Membership joinOrSkip(DatagramEndpoint e, InetAddress group, NetworkInterface lo) throws IOException {
    try {
      return e.join(group, lo);
    } catch (IOException ex) {
      // Only a loopback interface that cannot join any group skips; everything after must work.
      assumeTrue(false, "loopback interface " + lo.getName() + " cannot join " + group + ": " + ex);
      throw ex;
    }
  }

  @org.junit.jupiter.api.Test
  void joiningAUnicastAddressIsRefused() throws Exception {
    NetworkInterface lo = loopbackInterface();
    try (DatagramEndpoint e = DatagramEndpoint.bind(new InetSocketAddress("0.0.0.0", 0))) {
      assertThatThrownBy(() -> e.join(InetAddress.getLoopbackAddress(), lo))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("127.0.0.1 is not a multicast address");
    }
  }
}
