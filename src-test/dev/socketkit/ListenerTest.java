package dev.socketkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Binding, accepting and closing listeners on every transport. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListenerTest {
  private int fdsBefore;

  @BeforeEach
  void countFds() {
    fdsBefore = Leaks.openFds();
  }

  @AfterEach
  void noLeaks() {
    Leaks.assertNoFdLeak(fdsBefore);
  }

  @Test
  void portZeroGivesAnEphemeralPortThatCanBeReadBack() throws IOException {
    try (Listener l = Listener.bind(new InetSocketAddress("127.0.0.1", 0))) {
      int port = ((InetSocketAddress) l.localAddress()).getPort();
      assertThat(port).isPositive();
      try (Connection c = Connection.connect(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(10));
          Connection s = l.accept()) {
        assertThat(s.remoteAddress()).isEqualTo(c.localAddress());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"TCP4", "TCP6"})
  void aPortInUseIsABindExceptionNamingTheAddress(Transport t) throws IOException {
    try (Listener first = Listener.bind(t.bindAddress())) {
      SocketAddress taken = first.localAddress();
      assertThatThrownBy(() -> Listener.bind(taken))
          .isInstanceOf(BindException.class)
          .hasMessageContaining("bind " + dev.socketkit.internal.Errors.format(taken))
          .hasMessageContaining("in use");
    }
  }

  @Test
  void reusePortLetsTwoListenersShareAPort() throws IOException {
    ListenOptions shared = ListenOptions.builder().reusePort(true).build();
    try (Listener a = Listener.bind(new InetSocketAddress("127.0.0.1", 0), shared)) {
      try (Listener b = Listener.bind(a.localAddress(), shared)) {
        assertThat(b.localAddress()).isEqualTo(a.localAddress());
      }
    }
  }

  @Test
  void reusePortOnAUnixSocketIsAClearError() {
    SocketAddress path = Transport.UNIX.bindAddress();
    assertThatThrownBy(() -> Listener.bind(path, ListenOptions.builder().reusePort(true).build()))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("SO_REUSEPORT")
        .hasMessageContaining("Unix-domain");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closeWakesEveryThreadBlockedInAccept(Transport t) throws Exception {
    Listener l = Listener.bind(t.bindAddress());
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Connection>> waiting = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        waiting.add(pool.submit(() -> l.accept()));
      }
      l.close();
      for (Future<Connection> f : waiting) {
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
            .hasCauseInstanceOf(SocketClosedException.class);
      }
      assertThat(l.isOpen()).isFalse();
      assertThatThrownBy(l::accept).isInstanceOf(SocketClosedException.class)
          .hasMessageContaining("listener closed");
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void acceptTimeoutFiresAndTheListenerStaysUsable(Transport t) throws IOException {
    try (Listener l = Listener.bind(t.bindAddress())) {
      assertThatThrownBy(() -> l.accept(Duration.ofMillis(50)))
          .isInstanceOfSatisfying(TimedOutException.class,
              e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.ACCEPT));
      try (Connection c = Connection.connect(l.localAddress(), Duration.ofSeconds(10));
          Connection s = l.accept(Duration.ofSeconds(10))) {
        assertThat(s.isOpen()).isTrue();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void concurrentAcceptorsEachGetDistinctConnections(Transport t) throws Exception {
    int clients = 20;
    try (Listener l = Listener.bind(t.bindAddress())) {
      ExecutorService acceptors = Executors.newFixedThreadPool(4);
      Set<Integer> seen = ConcurrentHashMap.newKeySet();
      CountDownLatch done = new CountDownLatch(clients);
      try {
        for (int i = 0; i < 4; i++) {
          acceptors.submit(() -> {
            while (true) {
              try (Connection s = l.accept()) {
                seen.add((int) s.input().readByte());
                done.countDown();
              } catch (SocketClosedException closed) {
                return null;
              }
            }
          });
        }
        for (int i = 0; i < clients; i++) {
          try (Connection c = Connection.connect(l.localAddress(), Duration.ofSeconds(10))) {
            c.output().writeByte(i).flush();
            c.input().exhausted(); // wait until the acceptor is done with it
          }
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(clients);
      } finally {
        l.close();
        acceptors.shutdown();
        assertThat(acceptors.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"TCP4", "TCP6"})
  void thePortCanBeBoundAgainAtOnceAfterClose(Transport t) throws IOException {
    SocketAddress address;
    try (Listener l = Listener.bind(t.bindAddress());
        Connection c = Connection.connect(l.localAddress(), Duration.ofSeconds(10));
        Connection s = l.accept()) {
      address = l.localAddress();
      s.close(); // the server closes first, leaving its side in TIME_WAIT
      c.input().exhausted();
    }
    try (Listener again = Listener.bind(address)) {
      assertThat(again.localAddress()).isEqualTo(address);
    }
  }

  @Test
  void unixSocketFileIsRemovedOnClose(@TempDir Path dir) throws IOException {
    Path sock = dir.resolve("a.sock");
    try (Listener l = Listener.bind(UnixDomainSocketAddress.of(sock))) {
      assertThat(sock).exists();
      assertThat(l.localAddress()).isEqualTo(UnixDomainSocketAddress.of(sock));
    }
    assertThat(sock).doesNotExist();
  }

  @Test
  void aStaleUnixSocketFileIsReplaced(@TempDir Path dir) throws IOException {
    Path sock = dir.resolve("stale.sock");
    // A process that died without cleaning up leaves its socket file behind.
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(sock));
    }
    assertThat(sock).exists();
    try (Listener l = Listener.bind(UnixDomainSocketAddress.of(sock));
        Connection c = Connection.connect(l.localAddress(), Duration.ofSeconds(10));
        Connection s = l.accept()) {
      assertThat(s.isOpen()).isTrue();
    }
  }

  @Test
  void aLiveServersUnixSocketIsNeverTouched(@TempDir Path dir) throws IOException {
    Path sock = dir.resolve("live.sock");
    try (Listener live = Listener.bind(UnixDomainSocketAddress.of(sock))) {
      assertThatThrownBy(() -> Listener.bind(UnixDomainSocketAddress.of(sock)))
          .isInstanceOf(BindException.class)
          .hasMessageContaining(sock.toString())
          .hasMessageContaining("live server");
      try (Connection c = Connection.connect(live.localAddress(), Duration.ofSeconds(10));
          Connection s = live.accept(Duration.ofSeconds(10))) {
        assertThat(s.isOpen()).as("the live server still accepts").isTrue();
      }
    }
  }

  @Test
  void aFileThatIsNotASocketIsNeverReplaced(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("data.sock");
    Files.writeString(file, "precious");
    assertThatThrownBy(() -> Listener.bind(UnixDomainSocketAddress.of(file)))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("not a socket");
    assertThat(file).hasContent("precious");
  }

  @Test
  void aUnixPathTooLongIsRefusedBeforeBind(@TempDir Path dir) {
    Path longPath = dir.resolve("x".repeat(120) + ".sock");
    assertThatThrownBy(() -> Listener.bind(UnixDomainSocketAddress.of(longPath)))
        .isInstanceOf(SocketException.class)
        .hasMessageContaining("too long")
        .hasMessageContaining("at most");
    assertThatThrownBy(() -> Connection.connect(UnixDomainSocketAddress.of(longPath), Duration.ofSeconds(1)))
        .isInstanceOf(SocketException.class)
        .hasMessageContaining("too long");
    assertThat(longPath).doesNotExist();
  }

  @Test
  void connectingToAStaleUnixSocketIsRefused(@TempDir Path dir) throws IOException {
    Path sock = dir.resolve("gone.sock");
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(sock));
    }
    assertThatThrownBy(() -> Connection.connect(UnixDomainSocketAddress.of(sock), Duration.ofSeconds(5)))
        .isInstanceOf(ConnectionRefusedException.class)
        .hasMessageContaining(sock.toString());
  }

  @Test
  void listenOptionsAreValidatedAndKeepTheirDefaults() {
    ListenOptions d = ListenOptions.defaults();
    assertThat(d.backlog()).as("0: the platform's maximum").isZero();
    assertThat(d.reuseAddress()).isTrue();
    assertThat(d.reusePort()).isFalse();
    assertThat(d.bufferSize()).isEqualTo(8192);
    assertThat(d.readTimeout()).isZero();
    assertThat(d.writeTimeout()).isZero();
    assertThat(d.socketOptions()).containsEntry(java.net.StandardSocketOptions.TCP_NODELAY, true);
    assertThat(d.toBuilder().backlog(7).build().backlog()).isEqualTo(7);
    assertThat(d.toBuilder().readTimeout(Duration.ofSeconds(2)).build().readTimeout())
        .isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> ListenOptions.builder().backlog(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backlog: -1 (expected: >= 0)");
  }

  @Test
  void connectionOptionsAreValidatedAndKeepTheirDefaults() {
    ConnectionOptions d = ConnectionOptions.defaults();
    assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.readTimeout()).isZero();
    assertThat(d.writeTimeout()).isZero();
    assertThat(d.bufferSize()).isEqualTo(8192);
    assertThat(d.socketOptions()).containsEntry(java.net.StandardSocketOptions.TCP_NODELAY, true);
    ConnectionOptions custom = d.toBuilder().readTimeout(Duration.ofSeconds(3))
        .option(java.net.StandardSocketOptions.TCP_NODELAY, null).build();
    assertThat(custom.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(custom.socketOptions()).isEmpty();
    assertThat(d.socketOptions()).isNotEmpty();
    assertThatThrownBy(() -> ConnectionOptions.builder().readTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readTimeout: PT-0.001S (expected: >= 0)");
    assertThatThrownBy(() -> ConnectionOptions.builder().bufferSize(8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bufferSize: 8");
  }

  @Test
  void unsupportedAddressTypesAreRejected() {
    SocketAddress odd = new SocketAddress() {
      private static final long serialVersionUID = 1L;
    };
    assertThatThrownBy(() -> Listener.bind(odd)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Connection.connect(odd, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
