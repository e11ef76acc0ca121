package dev.socketkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What only socket connections do: connecting (refused, the connect time-out), socket options,
 * resets and peer credentials. The contract every connection keeps is {@link ConnectionContractTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketConnectionTest {
  private int fdsBefore;
  private Listener listener;
  private Connection client;
  private Connection server;

  @BeforeEach
  void countFds() {
    fdsBefore = Leaks.openFds();
  }

  @AfterEach
  void closeAndCheckLeaks() throws IOException {
    for (AutoCloseable c : new AutoCloseable[] {client, server, listener}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // the assertion below is what matters
        }
      }
    }
    Leaks.assertNoFdLeak(fdsBefore);
  }

  private void open(Transport t) throws IOException {
    open(t, ListenOptions.defaults());
  }

  private void open(Transport t, ListenOptions serverSide) throws IOException {
    listener = Listener.bind(t.bindAddress(), serverSide);
    client = Connection.connect(listener.localAddress(), Duration.ofSeconds(10));
    server = listener.accept(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void readTimeoutFromOptionsAppliesToAcceptedConnections(Transport t) throws IOException {
    open(t, ListenOptions.builder().readTimeout(Duration.ofMillis(50)).build());
    assertThat(server.readTimeout()).isEqualTo(Duration.ofMillis(50));
    assertThatThrownBy(() -> server.input().readByte()).isInstanceOf(TimedOutException.class);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void deadlineBoundsAWholeReadWhileThePeerTrickles(Transport t) throws Exception {
    open(t);
    server.setReadTimeout(Duration.ofSeconds(30)); // never the one that fires here
    Calls.Call<byte[]> read = Calls.start("reader", () -> server.input().readFully(3));
    client.output().writeByte(1).flush();
    assertThat(Leaks.await(() -> server.bytesRead() == 1 && Calls.isBlockedIn(read.thread, "read"), Calls.WAIT))
        .as("the reader took the first byte and waits for more").isTrue();
    server.setDeadline(Instant.now().plusSeconds(1));
    client.output().writeByte(2).flush(); // progress within the deadline, then nothing
    assertThat(Leaks.await(() -> server.bytesRead() == 2 || read.result.isDone(), Calls.WAIT)).isTrue();
    assumeThat(server.bytesRead()).as("the second byte arrived within the 1 s deadline").isEqualTo(2);
    assertThat(read.failure()).isInstanceOfSatisfying(TimedOutException.class, e -> {
      assertThat(e.kind()).isEqualTo(TimedOutException.Kind.DEADLINE);
      assertThat(e.transferred()).as("the same call made progress, then hit the deadline").isEqualTo(2);
    }).hasMessageContaining("deadline");
    server.clearDeadline();
    assertThat(server.deadline()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resetIsToldApartFromEndOfStream(Transport t) throws IOException {
    open(t);
    // Closing with unread data aborts the connection (TCP sends RST, as does SO_LINGER 0; AF_UNIX
    // reports ECONNRESET). On loopback the flushed bytes are in the peer's queue when flush returns.
    client.output().write(new byte[] {1, 2, 3}).flush();
    if (t.isTcp()) {
      server.setOption(StandardSocketOptions.SO_LINGER, 0);
    }
    server.close();
    assertThatThrownBy(() -> client.input().readByte())
        .isInstanceOf(ConnectionResetException.class)
        .hasMessageStartingWith("read " + Errors.format(client.localAddress()) + "->")
        .hasMessageEndingWith(": connection reset");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void connectToNothingIsRefused(Transport t) throws IOException {
    java.net.SocketAddress address;
    try (Listener l = Listener.bind(t.bindAddress())) {
      address = l.localAddress();
    }
    assertThatThrownBy(() -> Connection.connect(address, Duration.ofSeconds(10)))
        .isInstanceOf(ConnectionRefusedException.class)
        .isInstanceOf(java.net.ConnectException.class)
        .hasMessageContaining(Errors.format(address));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void connectTimeoutFiresWhenTheBacklogIsFull(Transport t) throws IOException {
    listener = Listener.bind(t.bindAddress(), ListenOptions.builder().backlog(1).build());
    java.util.List<Connection> queued = new java.util.ArrayList<>();
    try {
      assertThatThrownBy(() -> {
        for (int i = 0; i < 64; i++) { // the kernel queues a few, then stops answering
          queued.add(Connection.connect(listener.localAddress(), Duration.ofMillis(300)));
        }
      }).isInstanceOfSatisfying(TimedOutException.class,
          e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.CONNECT));
    } finally {
      for (Connection c : queued) {
        c.close();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void socketOptionsCanBeReadAndSet(Transport t) throws IOException {
    open(t);
    client.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
    client.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
    assertThat(client.getOption(StandardSocketOptions.SO_SNDBUF)).isPositive();
    assertThat(client.getOption(StandardSocketOptions.SO_RCVBUF)).isPositive();
    if (t.isTcp()) {
      assertThat(client.getOption(StandardSocketOptions.TCP_NODELAY)).as("default TCP_NODELAY").isTrue();
      client.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
      assertThat(client.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
      if (client.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE)) {
        client.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 30)
            .setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, 5)
            .setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, 3);
        assertThat(client.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(30);
        assertThat(client.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(5);
        assertThat(client.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(3);
      }
      client.setOption(StandardSocketOptions.SO_LINGER, 5);
      assertThat(client.getOption(StandardSocketOptions.SO_LINGER)).isEqualTo(5);
    } else {
      assertThatThrownBy(() -> client.setOption(StandardSocketOptions.TCP_NODELAY, true))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("TCP_NODELAY");
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void optionsFromConnectionOptionsAreApplied(Transport t) throws IOException {
    listener = Listener.bind(t.bindAddress());
    client = Connection.connect(listener.localAddress(), ConnectionOptions.builder()
        .option(StandardSocketOptions.SO_SNDBUF, 32 * 1024)
        .writeTimeout(Duration.ofSeconds(7))
        .build());
    server = listener.accept();
    assertThat(client.writeTimeout()).isEqualTo(Duration.ofSeconds(7));
    // what the kernel reports for the value (Linux doubles it), and what it reports untouched
    try (Connection set = Connection.connect(listener.localAddress(), Duration.ofSeconds(10));
        Connection untouched = Connection.connect(listener.localAddress(), Duration.ofSeconds(10));
        Connection a = listener.accept(Duration.ofSeconds(10));
        Connection b = listener.accept(Duration.ofSeconds(10))) {
      int expected = set.setOption(StandardSocketOptions.SO_SNDBUF, 32 * 1024)
          .getOption(StandardSocketOptions.SO_SNDBUF);
      assumeThat(untouched.getOption(StandardSocketOptions.SO_SNDBUF)).as("the default differs")
          .isNotEqualTo(expected);
      assertThat(client.getOption(StandardSocketOptions.SO_SNDBUF)).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void peerCredentialsNameThisProcessOnUnixOnly(Transport t) throws IOException {
    open(t);
    if (t.isTcp()) {
      assertThat(server.peerCredentials()).isEmpty();
    } else {
      assertThat(server.peerCredentials()).hasValueSatisfying(
          p -> assertThat(p.user().getName()).isEqualTo(System.getProperty("user.name")));
    }
  }

  /** The same formatting the library uses, for asserting messages. */
  static final class Errors {
    static String format(java.net.SocketAddress a) {
      return dev.socketkit.internal.Errors.format(a);
    }
  }
}
