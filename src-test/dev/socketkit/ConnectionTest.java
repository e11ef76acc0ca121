package dev.socketkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The connection contract, run over TCP/IPv4, TCP/IPv6 and Unix-domain sockets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionTest {
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
    open(t, ConnectionOptions.defaults());
  }

  private void open(Transport t, ConnectionOptions serverSide) throws IOException {
    listener = Listener.bind(t.bindAddress(), ListenOptions.builder().connectionOptions(serverSide).build());
    client = Connection.connect(listener.localAddress(), Duration.ofSeconds(10));
    server = listener.accept(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void bytesWrittenAndFlushedArriveExactly(Transport t) throws IOException {
    open(t);
    client.output().write("hello, world".getBytes(US_ASCII)).writeInt(42).flush();
    assertThat(new String(server.input().readFully(12), US_ASCII)).isEqualTo("hello, world");
    assertThat(server.input().readInt()).isEqualTo(42);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void readFullyAtEndOfStreamSaysHowManyBytesArrived(Transport t) throws IOException {
    open(t);
    client.output().write(new byte[] {1, 2, 3}).flush();
    client.shutdownOutput();
    assertThatThrownBy(() -> server.input().readFully(512))
        .isInstanceOf(EndOfStreamException.class)
        .hasMessageContaining("after 3 of 512 bytes")
        .hasMessageContaining("read " + Errors.format(server.localAddress()))
        .satisfies(e -> {
          assertThat(((EndOfStreamException) e).received()).isEqualTo(3);
          assertThat(((EndOfStreamException) e).expected()).isEqualTo(512);
        });
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void cleanEndOfStreamIsMinusOneNotAnException(Transport t) throws IOException {
    open(t);
    client.close();
    assertThat(server.input().read(new byte[8], 0, 8)).isEqualTo(-1);
    assertThat(server.input().exhausted()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void addressesDescribeTheFourTuple(Transport t) throws IOException {
    open(t);
    assertThat(server.localAddress()).isEqualTo(listener.localAddress());
    assertThat(client.remoteAddress()).isEqualTo(listener.localAddress());
    if (t.isTcp()) {
      assertThat(client.localAddress()).isEqualTo(server.remoteAddress());
      assertThat(((InetSocketAddress) client.localAddress()).getPort()).isPositive();
    } else {
      assertThat(server.localAddress()).isInstanceOf(UnixDomainSocketAddress.class);
      assertThat(server.remoteAddress()).isInstanceOf(UnixDomainSocketAddress.class);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void readTimeoutFiresAndConnectionStaysUsable(Transport t) throws IOException {
    open(t);
    server.setReadTimeout(Duration.ofMillis(100));
    assertThat(server.readTimeout()).isEqualTo(Duration.ofMillis(100));
    assertThatThrownBy(() -> server.input().readByte())
        .isInstanceOfSatisfying(TimedOutException.class, e -> {
          assertThat(e.kind()).isEqualTo(TimedOutException.Kind.READ);
          assertThat(e.limit()).isEqualTo(Duration.ofMillis(100));
        });
    client.output().writeByte(7).flush();
    server.setReadTimeout(Duration.ofSeconds(30));
    assertThat(server.input().readByte()).isEqualTo((byte) 7);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void readTimeoutFromOptionsAppliesToAcceptedConnections(Transport t) throws IOException {
    open(t, ConnectionOptions.builder().readTimeout(Duration.ofMillis(50)).build());
    assertThat(server.readTimeout()).isEqualTo(Duration.ofMillis(50));
    assertThatThrownBy(() -> server.input().readByte()).isInstanceOf(TimedOutException.class);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void deadlineBoundsAWholeReadWhileThePeerTrickles(Transport t) throws Exception {
    open(t);
    server.setReadTimeout(Duration.ofSeconds(30)); // never the one that fires here
    CountDownLatch firstByteRead = new CountDownLatch(1);
    CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
      try {
        client.output().writeByte(1).flush();
        firstByteRead.await(30, TimeUnit.SECONDS);
        client.output().writeByte(2).flush(); // then nothing: the frame stays incomplete
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    server.setDeadline(Instant.now().plusMillis(300));
    assertThat(server.input().readByte()).isEqualTo((byte) 1);
    firstByteRead.countDown();
    assertThatThrownBy(() -> server.input().readFully(3))
        .isInstanceOfSatisfying(TimedOutException.class,
            e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.DEADLINE))
        .hasMessageContaining("deadline");
    trickle.get(30, TimeUnit.SECONDS);
    server.clearDeadline();
    assertThat(server.deadline()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void passedDeadlineStillLetsBufferedBytesBeRead(Transport t) throws IOException {
    open(t);
    client.output().write(new byte[] {1, 2}).flush();
    server.input().require(2);
    server.setDeadline(Instant.now().minusSeconds(1));
    assertThat(server.deadline()).isPresent();
    assertThat(server.input().readShort()).isEqualTo((short) 0x0102);
    assertThatThrownBy(() -> server.input().readByte())
        .isInstanceOfSatisfying(TimedOutException.class,
            e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.DEADLINE));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void writeTimeoutFiresWhenThePeerStopsReading(Transport t) throws IOException {
    open(t);
    client.setWriteTimeout(Duration.ofMillis(200));
    assertThatThrownBy(() -> fillUntilBlocked(client))
        .isInstanceOfSatisfying(TimedOutException.class,
            e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.WRITE))
        .hasMessageStartingWith("write ");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void deadlineBoundsAWriteWhenThePeerStopsReading(Transport t) throws IOException {
    open(t);
    client.setDeadline(Instant.now().plusMillis(300));
    assertThatThrownBy(() -> fillUntilBlocked(client))
        .isInstanceOfSatisfying(TimedOutException.class,
            e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.DEADLINE));
  }

  /** Writes until a write blocks and its limit fires; bounded at 1 GiB. */
  private static void fillUntilBlocked(Connection c) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    for (int i = 0; i < 16 * 1024; i++) {
      c.output().write(chunk).flush();
    }
    throw new AssertionError("1 GiB written to a peer that reads nothing");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closeWakesABlockedReaderWithSocketClosed(Transport t) throws Exception {
    open(t);
    CompletableFuture<Byte> reader = CompletableFuture.supplyAsync(() -> {
      try {
        return server.input().readByte();
      } catch (IOException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    Leaks.await(() -> reader.isDone() || hasThreadBlockedIn("read"), Duration.ofSeconds(10));
    server.close();
    assertThatThrownBy(() -> reader.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(SocketClosedException.class);
    assertThat(server.isOpen()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closeWakesABlockedReaderThatHasATimeLimit(Transport t) throws Exception {
    open(t);
    server.setReadTimeout(Duration.ofSeconds(60));
    CompletableFuture<Byte> reader = CompletableFuture.supplyAsync(() -> {
      try {
        return server.input().readByte();
      } catch (IOException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    Leaks.await(() -> reader.isDone() || hasThreadBlockedIn("select"), Duration.ofSeconds(10));
    server.close();
    assertThatThrownBy(() -> reader.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(SocketClosedException.class);
  }

  private static boolean hasThreadBlockedIn(String method) {
    return Thread.getAllStackTraces().values().stream()
        .anyMatch(st -> st.length > 0 && java.util.Arrays.stream(st)
            .limit(12).anyMatch(f -> f.getMethodName().contains(method)));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closeIsIdempotentAndLaterCallsSaySocketClosed(Transport t) throws IOException {
    open(t);
    client.close();
    client.close();
    assertThat(client.isOpen()).isFalse();
    assertThatThrownBy(() -> client.input().readByte()).isInstanceOf(SocketClosedException.class);
    assertThatThrownBy(() -> client.output().writeByte(1).flush())
        .isInstanceOf(SocketClosedException.class)
        .hasMessageContaining("socket closed");
    assertThatThrownBy(client::shutdownOutput).isInstanceOf(SocketClosedException.class);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closingTheStreamViewsClosesTheConnection(Transport t) throws IOException {
    open(t);
    client.input().asInputStream().close();
    assertThat(client.isOpen()).isFalse();
    server.output().asOutputStream().close();
    assertThat(server.isOpen()).isFalse();
    assertThat(server.toString()).contains("closed");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closeDiscardsUnflushedOutput(Transport t) throws IOException {
    open(t);
    client.output().write(new byte[] {1, 2, 3}); // never flushed
    client.close();
    assertThat(server.input().exhausted()).as("nothing arrives: close does not flush").isTrue();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void halfCloseLetsThePeerReadToTheEndAndStillReply(Transport t) throws IOException {
    open(t);
    client.output().write("request".getBytes(US_ASCII));
    client.shutdownOutput(); // flushes, then FIN
    byte[] request = new byte[64];
    int n = 0;
    for (int r; (r = server.input().read(request, n, request.length - n)) > 0; ) {
      n += r;
    }
    assertThat(new String(request, 0, n, US_ASCII)).isEqualTo("request");
    server.output().write("reply".getBytes(US_ASCII)).flush();
    assertThat(new String(client.input().readFully(5), US_ASCII)).isEqualTo("reply");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void shutdownInputMakesLocalReadsSeeEndOfStream(Transport t) throws IOException {
    open(t);
    server.shutdownInput();
    assertThat(server.input().exhausted()).isTrue();
    server.output().writeByte(9).flush(); // the other direction still works
    assertThat(client.input().readByte()).isEqualTo((byte) 9);
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
    assertThat(client.getOption(StandardSocketOptions.SO_SNDBUF)).isPositive();
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

  @ParameterizedTest
  @EnumSource(Transport.class)
  void largeWritesAndReadsBypassTheBufferIntact(Transport t) throws Exception {
    open(t);
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(42).nextBytes(big);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        client.output().writeByte(0x55).write(big).flush();
      } catch (IOException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    assertThat(server.input().readByte()).isEqualTo((byte) 0x55);
    byte[] got = new byte[big.length];
    server.input().readFully(got, 0, got.length);
    writer.get(30, TimeUnit.SECONDS);
    assertThat(got).isEqualTo(big);
  }

  /** The same formatting the library uses, for asserting messages. */
  static final class Errors {
    static String format(java.net.SocketAddress a) {
      return dev.socketkit.internal.Errors.format(a);
    }
  }
}
