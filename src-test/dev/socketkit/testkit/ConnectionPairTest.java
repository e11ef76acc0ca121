package dev.socketkit.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.Connection;
import dev.socketkit.ConnectionResetException;
import dev.socketkit.EndOfStreamException;
import dev.socketkit.SocketClosedException;
import dev.socketkit.TimedOutException;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectionPairTest {
  private final ConnectionPair pair = ConnectionPair.inMemory(16);
  private final Connection client = pair.client();
  private final Connection server = pair.server();

  @AfterEach
  void closeBoth() {
    pair.close();
  }

  /** Runs {@code body} in a new thread; the test waits on the returned future. */
  private static CompletableFuture<Void> inThread(ThrowingRunnable body, CountDownLatch started) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      started.countDown();
      try {
        body.run();
        f.complete(null);
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    }, "pair-test");
    t.start();
    return f;
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static Throwable failure(CompletableFuture<Void> f) throws InterruptedException {
    try {
      f.get(20, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("still blocked after 20 s", e);
    }
  }

  @Test
  void flushedBytesArriveAtThePeerInOrder() throws IOException {
    client.output().write("hello, world".getBytes(US_ASCII)).writeInt(7).flush();
    assertThat(new String(server.input().readFully(12), US_ASCII)).isEqualTo("hello, world");
    assertThat(server.input().readInt()).isEqualTo(7);
  }

  @Test
  void writerBlocksWhenPeerDoesNotReadAndWriteTimeoutFires() {
    client.setWriteTimeout(Duration.ofMillis(50));
    assertThatThrownBy(() -> client.output().write(new byte[100_000]).flush())
        .isInstanceOfSatisfying(TimedOutException.class,
            e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.WRITE));
  }

  @Test
  void blockedWriterProceedsWhenPeerReads() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Void> writer =
        inThread(() -> client.output().write(new byte[50_000]).flush(), started);
    server.input().readFully(50_000);
    writer.get(20, TimeUnit.SECONDS);
  }

  @Test
  void readTimeoutFiresAndConnectionStaysUsable() throws IOException {
    server.setReadTimeout(Duration.ofMillis(30));
    assertThatThrownBy(() -> server.input().readByte())
        .isInstanceOfSatisfying(TimedOutException.class,
            e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.READ));
    client.output().writeByte(9).flush();
    assertThat(server.input().readByte()).isEqualTo((byte) 9);
  }

  @Test
  void passedDeadlineFailsReadsAndWrites() {
    server.setDeadline(Instant.now().minusSeconds(1));
    assertThatThrownBy(() -> server.input().readByte())
        .isInstanceOfSatisfying(TimedOutException.class,
            e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.DEADLINE));
    assertThatThrownBy(() -> server.output().writeByte(1).flush())
        .isInstanceOfSatisfying(TimedOutException.class,
            e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.DEADLINE));
    server.clearDeadline();
    assertThat(server.deadline()).isEmpty();
  }

  @Test
  void deadlineSetLaterWakesABlockedRead() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Void> reader = inThread(() -> server.input().readByte(), started);
    started.await();
    server.setDeadline(Instant.now().plusMillis(20));
    assertThat(failure(reader)).isInstanceOfSatisfying(TimedOutException.class,
        e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.DEADLINE));
  }

  @Test
  void shutdownOutputMakesPeerReadEndOfStreamAfterTheData() throws IOException {
    client.output().write(new byte[] {1, 2, 3});
    client.shutdownOutput();
    assertThatThrownBy(() -> server.input().readFully(5))
        .isInstanceOf(EndOfStreamException.class).hasMessageContaining("after 3 of 5 bytes")
        .hasMessageContaining("memory:");
    // the other direction still works
    server.output().writeByte(4).flush();
    assertThat(client.input().readByte()).isEqualTo((byte) 4);
  }

  @Test
  void closeWakesABlockedReaderWithSocketClosed() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Void> reader = inThread(() -> server.input().readByte(), started);
    started.await();
    server.close();
    assertThat(failure(reader)).isInstanceOf(SocketClosedException.class);
  }

  @Test
  void closeWakesABlockedWriterWithSocketClosed() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Void> writer =
        inThread(() -> client.output().write(new byte[100_000]).flush(), started);
    started.await();
    client.close();
    assertThat(failure(writer)).isInstanceOf(SocketClosedException.class);
  }

  @Test
  void peerCloseIsEndOfStreamAndWritesToItAreReset() throws IOException {
    client.output().writeByte(1).flush();
    client.close();
    assertThat(server.input().readByte()).isEqualTo((byte) 1);
    assertThat(server.input().exhausted()).isTrue();
    assertThatThrownBy(() -> server.output().writeByte(2).flush())
        .isInstanceOf(ConnectionResetException.class);
  }

  @Test
  void closeIsIdempotentAndLaterCallsThrowSocketClosed() throws IOException {
    client.close();
    client.close();
    assertThat(client.isOpen()).isFalse();
    assertThatThrownBy(() -> client.output().writeByte(1).flush())
        .isInstanceOf(SocketClosedException.class);
    assertThatThrownBy(client::shutdownOutput).isInstanceOf(SocketClosedException.class);
  }

  @Test
  void addressesAreSyntheticAndMirrored() {
    assertThat(client.localAddress()).isInstanceOf(MemoryAddress.class)
        .isNotInstanceOf(UnixDomainSocketAddress.class).isEqualTo(server.remoteAddress());
    assertThat(client.remoteAddress()).isEqualTo(server.localAddress());
    assertThat(client.localAddress().toString()).startsWith("memory:");
  }

  @Test
  void socketOptionsAreUnsupportedAndTimeoutsValidated() {
    assertThat(client.supportedOptions()).isEmpty();
    assertThatThrownBy(() -> client.getOption(StandardSocketOptions.SO_RCVBUF))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> client.setReadTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(client.peerCredentials()).isEmpty();
  }

  @Test
  void shutdownInputDiscardsIncomingBytes() throws IOException {
    server.shutdownInput();
    client.output().write(new byte[1000]).flush();
    assertThat(server.input().exhausted()).isTrue();
  }
}
