package dev.socketkit.datagram;

import dev.socketkit.Async;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.ConnectionRefusedException;
import dev.socketkit.Leaks;
import dev.socketkit.SocketClosedException;
import dev.socketkit.TimedOutException;
import dev.socketkit.testkit.NoLeaks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The endpoint's contract over IPv4 and IPv6: sizes, time-outs, ICMP refusal, close. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatagramEndpointTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private int fdsBefore;

  @BeforeEach
  void countFds() {
    fdsBefore = Leaks.openFds();
  }

  @AfterEach
  void noLeaks() {
    NoLeaks.assertFdsSettle(fdsBefore);
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void portZeroReadsBackAndADatagramGoesBothWays(Family family) throws Exception {
    try (DatagramEndpoint server = family.bind();
        DatagramEndpoint client = family.bind().connect(server.localAddress())) {
      assertThat(server.localAddress().getPort()).isPositive();
      assertThat(server.localAddress().getAddress()).isEqualTo(family.loopback());
      assertThat(client.remoteAddress()).isEqualTo(server.localAddress());
      client.send("ping".getBytes(UTF_8));
      Datagram request = server.receive(WAIT);
      assertThat(request.text(UTF_8)).isEqualTo("ping");
      assertThat(request.sender()).isEqualTo(client.localAddress());
      server.send("pong".getBytes(UTF_8), request.sender());
      assertThat(client.receive(WAIT).text(UTF_8)).isEqualTo("pong");
      server.send(new byte[0], request.sender());
      assertThat(client.receive(WAIT).length()).isZero();
      assertThatThrownBy(() -> client.send(new byte[0])).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("empty datagram cannot be sent on a connected endpoint");
    }
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void aTimedOutReceiveConsumesNothingAndNamesBothEnds(Family family) throws Exception {
    try (DatagramEndpoint server = family.bind();
        DatagramEndpoint client = family.bind().connect(server.localAddress())) {
      assertThatThrownBy(() -> client.receive(Duration.ofMillis(50)))
          .isInstanceOfSatisfying(TimedOutException.class, e -> {
            assertThat(e.kind()).isEqualTo(TimedOutException.Kind.READ);
            assertThat(e.limit()).isEqualTo(Duration.ofMillis(50));
          })
          .hasMessageContaining(family.text(client.localAddress()))
          .hasMessageContaining(family.text(server.localAddress()));
      server.send("late".getBytes(UTF_8), client.localAddress());
      assertThat(client.receive(WAIT).text(UTF_8)).isEqualTo("late");
    }
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void aDatagramOverTheReceiveLimitIsReportedWithItsLengthNotTruncated(Family family) throws Exception {
    DatagramOptions small = DatagramOptions.builder().maxReceiveBytes(100).build();
    try (DatagramEndpoint server = DatagramEndpoint.bind(family.any(), small);
        DatagramEndpoint client = family.bind()) {
      InetSocketAddress to = new InetSocketAddress(family.loopback(), server.localAddress().getPort());
      client.send(new byte[101], to);
      client.send(new byte[100], to);
      assertThatThrownBy(() -> server.receive(WAIT))
          .isInstanceOfSatisfying(DatagramTooLongException.class, e -> {
            assertThat(e.limit()).isEqualTo(100);
            assertThat(e.length()).isEqualTo(101);
          })
          .hasMessageContaining("101 bytes is over the limit of 100")
          .hasMessageContaining(family.text(client.localAddress()));
      assertThat(server.receive(WAIT).length()).isEqualTo(100);

      client.send(new byte[9], to);
      ByteBuffer into = ByteBuffer.allocate(8);
      assertThatThrownBy(() -> server.receive(into, WAIT))
          .isInstanceOfSatisfying(DatagramTooLongException.class, e -> assertThat(e.length()).isEqualTo(9));
      assertThat(into.position()).isZero();
      client.send("12345678".getBytes(UTF_8), to);
      assertThat(server.receive(into, WAIT)).isEqualTo(client.localAddress());
      assertThat(new String(into.array(), UTF_8)).isEqualTo("12345678");
    }
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void theLargestPayloadArrivesWholeAndOneMoreByteIsRefusedOnSend(Family family) throws Exception {
    int max = family == Family.IPV4 ? DatagramEndpoint.MAX_IPV4_PAYLOAD : DatagramEndpoint.MAX_IPV6_PAYLOAD;
    DatagramOptions roomy = DatagramOptions.builder().receiveBufferBytes(1 << 20).sendBufferBytes(1 << 20).build();
    try (DatagramEndpoint server = DatagramEndpoint.bind(family.any(), roomy);
        DatagramEndpoint client = DatagramEndpoint.bind(family.any(), roomy)
            .connect(server.localAddress())) {
      byte[] largest = new byte[max];
      largest[max - 1] = 42;
      client.send(largest);
      Datagram d = server.receive(WAIT);
      assertThat(d.length()).isEqualTo(max);
      assertThat(d.payload()[max - 1]).isEqualTo((byte) 42);
      assertThatThrownBy(() -> client.send(new byte[max + 1]))
          .isInstanceOfSatisfying(DatagramTooLongException.class, e -> {
            assertThat(e.limit()).isEqualTo(max);
            assertThat(e.length()).isEqualTo(max + 1);
          })
          .hasMessageContaining(family == Family.IPV4 ? "IPv4 maximum of 65507" : "IPv6 maximum of 65527")
          .hasMessageContaining(family.text(server.localAddress()));
      client.send("after".getBytes(UTF_8));
      assertThat(server.receive(WAIT).text(UTF_8)).isEqualTo("after");
    }
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void portUnreachableOnAConnectedEndpointIsARefusalNamingBothEnds(Family family) throws Exception {
    InetSocketAddress nobody;
    try (DatagramEndpoint gone = family.bind()) {
      nobody = gone.localAddress();
    }
    try (DatagramEndpoint client = family.bind().connect(nobody)) {
      client.send("anyone?".getBytes(UTF_8));
      assertThatThrownBy(() -> client.receive(WAIT))
          .isInstanceOf(ConnectionRefusedException.class)
          .hasMessageContaining("port unreachable")
          .hasMessageContaining(family.text(client.localAddress()))
          .hasMessageContaining(family.text(nobody));
      assertThat(client.isOpen()).isTrue();
      // The next ICMP error surfaces on whichever call comes next, a send too.
      AtomicReference<Exception> onSend = new AtomicReference<>();
      assertThat(Leaks.await(() -> {
        try {
          client.send("again?".getBytes(UTF_8));
          return false;
        } catch (Exception e) {
          onSend.set(e);
          return true;
        }
      }, WAIT)).isTrue();
      assertThat(onSend.get()).isInstanceOf(ConnectionRefusedException.class)
          .hasMessageStartingWith("send " + family.text(client.localAddress()));
    }
  }

  @Test
  void closeWakesABlockedReceive() throws Exception {
    DatagramEndpoint endpoint = Family.IPV4.bind();
    CompletableFuture<Throwable> woken = Async.supply(() -> {
      try {
        endpoint.receive(Duration.ZERO);
        return null;
      } catch (Exception e) {
        return e;
      }
    });
    Thread receiver = awaitReceiverBlocked();
    assertThat(receiver).as("a thread blocked in DatagramEndpoint.receive").isNotNull();
    endpoint.close();
    assertThat(woken.get(10, TimeUnit.SECONDS)).isInstanceOf(SocketClosedException.class)
        .hasMessageContaining("socket closed");
    assertThatThrownBy(() -> endpoint.send(new byte[1], endpoint.localAddress()))
        .isInstanceOf(SocketClosedException.class);
    endpoint.close();
  }

  /** Waits for a thread whose stack is inside this package's receive. */
  static Thread awaitReceiverBlocked() {
    Thread[] found = new Thread[1];
    boolean seen = Leaks.await(() -> {
      for (var e : Thread.getAllStackTraces().entrySet()) {
        StackTraceElement[] s = e.getValue();
        boolean inOurs = false;
        for (StackTraceElement f : s) {
          inOurs |= f.getClassName().equals(DatagramEndpoint.class.getName()) && f.getMethodName().equals("receive");
        }
        boolean parked = e.getKey().getState() != Thread.State.RUNNABLE || s.length > 0 && s[0].isNativeMethod();
        if (inOurs && parked) {
          found[0] = e.getKey();
          return true;
        }
      }
      return false;
    }, Duration.ofSeconds(10));
    return seen ? found[0] : null;
  }

  @Test
  void misuseIsRefusedWithTheReason() throws Exception {
    try (DatagramEndpoint a = Family.IPV4.bind(); DatagramEndpoint b = Family.IPV4.bind()) {
      assertThatThrownBy(() -> a.send(new byte[1])).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not connected");
      a.connect(b.localAddress());
      InetSocketAddress other = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
      assertThatThrownBy(() -> a.send(new byte[1], other)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("connected to " + Family.IPV4.text(b.localAddress()));
      assertThatThrownBy(() -> a.receive(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> DatagramOptions.builder().maxReceiveBytes(65_528))
          .hasMessage("maxReceiveBytes: 65528 (expected: 1 to 65527)");
      assertThatThrownBy(() -> DatagramEndpoint.bind(InetSocketAddress.createUnresolved("localhost", 0)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unresolved");
      assertThatThrownBy(() -> DatagramEndpoint.bind(b.localAddress()))
          .isInstanceOf(java.net.BindException.class).hasMessageContaining(Family.IPV4.text(b.localAddress()));
    }
  }
}
