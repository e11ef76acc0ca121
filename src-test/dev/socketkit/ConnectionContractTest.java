package dev.socketkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.Calls.Call;
import dev.socketkit.internal.Errors;
import dev.socketkit.testkit.MemoryAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link Connection} contract, once, over every transport: TCP/IPv4, TCP/IPv6, Unix-domain,
 * the in-memory pair, and the connection a server session receives. Besides the library's own
 * promises it holds the cases of Go's {@code nettest.TestConn}: bulk both ways at once,
 * ping-pong, racy reads and writes while limits change, deadlines in the past, present and
 * future, a limit set while a call is blocked, close waking blocked calls, calls after close.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionContractTest {
  private static final Duration LONG = Duration.ofMinutes(1);
  private static final Duration SHORT = Duration.ofMillis(200);

  private int fdsBefore;
  private Endpoint.Pair pair;
  private Connection local;
  private Connection peer;

  @BeforeEach
  void countFds() {
    fdsBefore = Leaks.openFds();
  }

  @AfterEach
  void closeAndCheckLeaks() throws IOException {
    if (pair != null) {
      pair.close();
    }
    Leaks.assertNoFdLeak(fdsBefore);
    assertThat(Leaks.await(() -> Leaks.liveThreads("contract-").isEmpty(), Calls.WAIT))
        .as("server threads ended: %s", Leaks.liveThreads("contract-")).isTrue();
  }

  private void open(Endpoint e) throws IOException {
    pair = e.open();
    local = pair.local();
    peer = pair.peer();
  }

  /** Puts the connection in timed mode, so a limit changed later applies to a waiting call. */
  private void timed(Connection c) {
    c.setReadTimeout(LONG).setWriteTimeout(LONG);
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void bytesWrittenAndFlushedArriveExactlyBothWays(Endpoint e) throws IOException {
    open(e);
    peer.output().write("hello, world".getBytes(US_ASCII)).writeInt(42).flush();
    assertThat(new String(local.input().readFully(12), US_ASCII)).isEqualTo("hello, world");
    assertThat(local.input().readInt()).isEqualTo(42);
    local.output().writeLong(-7L).flush();
    assertThat(peer.input().readLong()).isEqualTo(-7L);
    assertThat(local.bytesRead()).isEqualTo(16);
    assertThat(local.bytesWritten()).isEqualTo(8);
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void readFullyAtEndOfStreamSaysHowManyBytesArrived(Endpoint e) throws IOException {
    open(e);
    peer.output().write(new byte[] {1, 2, 3}).flush();
    peer.shutdownOutput();
    assertThatThrownBy(() -> local.input().readFully(512))
        .isInstanceOfSatisfying(EndOfStreamException.class, x -> {
          assertThat(x.received()).isEqualTo(3);
          assertThat(x.expected()).isEqualTo(512);
        })
        .hasMessage("read " + Errors.ends(local.localAddress(), local.remoteAddress())
            + ": end of stream after 3 of 512 bytes");
    assertThat(local.input().read(new byte[1], 0, 1)).as("a clean end is -1").isEqualTo(-1);
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void addressesMirrorThePeerAndHaveTheTransportsType(Endpoint e) throws IOException {
    open(e);
    assertThat(local.localAddress()).isEqualTo(peer.remoteAddress());
    assertThat(local.remoteAddress()).isEqualTo(peer.localAddress());
    Class<?> type = e == Endpoint.MEMORY ? MemoryAddress.class
        : e.isTcp() ? InetSocketAddress.class : UnixDomainSocketAddress.class;
    assertThat(local.localAddress()).isInstanceOf(type);
    assertThat(local.toString()).isEqualTo("Connection[" + Errors.ends(local.localAddress(),
        local.remoteAddress()) + "]");
    if (e.isTcp()) {
      assertThat(local.toString()).as("no raw InetSocketAddress.toString()").doesNotContain("/");
    }
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void readTimeoutFiresConsumesNothingAndTheConnectionStaysUsable(Endpoint e) throws IOException {
    open(e);
    local.setReadTimeout(SHORT);
    assertThatThrownBy(() -> local.input().readByte())
        .isInstanceOfSatisfying(TimedOutException.class, x -> {
          assertThat(x.kind()).isEqualTo(TimedOutException.Kind.READ);
          assertThat(x.limit()).isEqualTo(SHORT);
          assertThat(x.transferred()).isZero();
        })
        .hasMessageStartingWith("read " + Errors.ends(local.localAddress(), local.remoteAddress()));
    peer.output().writeByte(7).flush();
    assertThat(local.input().readByte()).isEqualTo((byte) 7);
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void readFullyThatTimesOutSaysHowManyBytesItMovedAndCanResume(Endpoint e) throws IOException {
    open(e);
    local.setReadTimeout(SHORT);
    peer.output().write(new byte[] {1, 2, 3}).flush();
    byte[] dst = new byte[5];
    assertThatThrownBy(() -> local.input().readFully(dst, 0, 5))
        .isInstanceOfSatisfying(TimedOutException.class,
            x -> assertThat(x.transferred()).isEqualTo(3))
        .hasMessageEndingWith("after 3 of 5 bytes");
    assertThat(Arrays.copyOf(dst, 3)).containsExactly(1, 2, 3);
    peer.output().write(new byte[] {4, 5}).flush();
    local.input().readFully(dst, 3, 2);
    assertThat(dst).containsExactly(1, 2, 3, 4, 5);
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void pastDeadlineFailsAtOnceConsumingNothingAndClearingItLetsTheNextCallProceed(Endpoint e)
      throws IOException {
    open(e);
    peer.output().write(new byte[] {1, 2}).flush();
    assertThat(local.input().readByte()).isEqualTo((byte) 1); // byte 2 is now buffered
    local.setDeadline(Instant.now().minusSeconds(1));
    assertThat(local.input().readByte()).as("buffered bytes can still be read").isEqualTo((byte) 2);
    peer.output().writeByte(3).flush();
    assertThatThrownBy(() -> local.input().readByte())
        .isInstanceOfSatisfying(TimedOutException.class,
            x -> assertThat(x.kind()).isEqualTo(TimedOutException.Kind.DEADLINE));
    assertThatThrownBy(() -> local.output().writeByte(9).flush())
        .isInstanceOfSatisfying(TimedOutException.class, x -> {
          assertThat(x.kind()).isEqualTo(TimedOutException.Kind.DEADLINE);
          assertThat(x.transferred()).isZero();
        });
    local.clearDeadline();
    assertThat(local.deadline()).isEmpty();
    assertThat(local.input().readByte()).as("the past deadline consumed nothing").isEqualTo((byte) 3);
    local.output().writeByte(4).flush();
    assertThat(peer.input().readByte()).as("the failed write sent nothing").isEqualTo((byte) 4);
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void presentDeadlineExpiresDuringTheWaitAndAFutureOneLetsTheCallFinish(Endpoint e)
      throws IOException {
    open(e);
    local.setDeadline(Instant.now().plus(SHORT));
    assertThatThrownBy(() -> local.input().readByte())
        .isInstanceOfSatisfying(TimedOutException.class,
            x -> assertThat(x.kind()).isEqualTo(TimedOutException.Kind.DEADLINE));
    local.setDeadline(Instant.now().plus(LONG));
    peer.output().writeByte(5).flush();
    assertThat(local.input().readByte()).isEqualTo((byte) 5);
    assertThat(local.deadline()).isPresent();
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void deadlineSetWhileAReadIsBlockedAppliesToThatRead(Endpoint e) throws Exception {
    open(e);
    timed(local);
    Call<Byte> read = Calls.start("reader", () -> local.input().readByte()).assertBlockedIn("read");
    local.setDeadline(Instant.now().minusMillis(1));
    assertThat(read.failure()).isInstanceOfSatisfying(TimedOutException.class,
        x -> assertThat(x.kind()).isEqualTo(TimedOutException.Kind.DEADLINE));
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void readTimeoutShortenedWhileAReadIsBlockedAppliesToThatRead(Endpoint e) throws Exception {
    open(e);
    timed(local);
    Call<Byte> read = Calls.start("reader", () -> local.input().readByte()).assertBlockedIn("read");
    local.setReadTimeout(Duration.ofMillis(1));
    assertThat(read.failure()).isInstanceOfSatisfying(TimedOutException.class,
        x -> assertThat(x.kind()).isEqualTo(TimedOutException.Kind.READ));
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void deadlineSetWhileAWriteIsBlockedAppliesToThatWriteAndSaysWhatItSent(Endpoint e)
      throws Exception {
    open(e);
    timed(local);
    Call<Void> write = Calls.start("writer", () -> fillUntilBlocked(local)).assertBlockedIn("write");
    local.setDeadline(Instant.now().minusMillis(1));
    // every chunk before the blocked one was sent whole, so what the blocked call moved is the rest
    assertThat(write.failure()).isInstanceOfSatisfying(TimedOutException.class, x -> {
      assertThat(x.kind()).isEqualTo(TimedOutException.Kind.DEADLINE);
      assertThat(x.transferred()).isEqualTo(local.bytesWritten() % CHUNK);
      assertThat(x.getMessage()).endsWith(x.transferred() == 0 ? "passed"
          : "passed after " + x.transferred() + " bytes");
    });
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void writeTimeoutFiresWhenThePeerStopsReading(Endpoint e) throws Exception {
    open(e);
    local.setWriteTimeout(SHORT);
    assertThatThrownBy(() -> fillUntilBlocked(local))
        .isInstanceOfSatisfying(TimedOutException.class,
            x -> assertThat(x.kind()).isEqualTo(TimedOutException.Kind.WRITE));
    assertThat(local.bytesWritten()).isPositive();
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void settingALimitWhileAnUnlimitedReadIsBlockedNeverBlocksAndAppliesByTheNextRead(Endpoint e)
      throws Exception {
    open(e);
    Call<Byte> read = Calls.start("reader", () -> local.input().readByte()).assertBlockedIn("read");
    Call<Void> set = Calls.start("setter", () -> {
      local.setReadTimeout(SHORT);
      return null;
    });
    assertThat(set.failure()).as("the setter returned").isNull();
    Throwable first = null;
    if (!e.isSocket()) {
      first = read.failure(); // in memory, the wait is always woken
    } else {
      peer.output().writeByte(1).flush(); // a socket's blocking read goes on until data comes
      assertThat(read.value()).isEqualTo((byte) 1);
    }
    if (first == null) {
      assertThatThrownBy(() -> local.input().readByte()).isInstanceOf(TimedOutException.class);
    } else {
      assertThat(first).isInstanceOf(TimedOutException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void closeFromAnotherThreadWakesABlockedReaderAtOnce(Endpoint e) throws Exception {
    open(e);
    Call<Byte> read = Calls.start("reader", () -> local.input().readByte()).assertBlockedIn("read");
    local.close();
    assertThat(read.failure()).isInstanceOf(SocketClosedException.class)
        .hasMessageContaining("socket closed");
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void closeWakesABlockedReaderThatHasATimeLimit(Endpoint e) throws Exception {
    open(e);
    timed(local);
    Call<Byte> read = Calls.start("reader", () -> local.input().readByte()).assertBlockedIn("read");
    local.close();
    assertThat(read.failure()).isInstanceOf(SocketClosedException.class);
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void closeWakesABlockedWriter(Endpoint e) throws Exception {
    open(e);
    timed(local);
    Call<Void> write = Calls.start("writer", () -> fillUntilBlocked(local)).assertBlockedIn("write");
    local.close();
    assertThat(write.failure()).isInstanceOf(SocketClosedException.class);
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void callsAfterCloseThrowSocketClosedAndCloseIsIdempotent(Endpoint e) throws IOException {
    open(e);
    local.close();
    local.close();
    assertThat(local.isOpen()).isFalse();
    assertThatThrownBy(() -> local.input().readByte()).isInstanceOf(SocketClosedException.class);
    assertThatThrownBy(() -> local.output().writeByte(1).flush())
        .isInstanceOf(SocketClosedException.class).hasMessageContaining("socket closed");
    assertThatThrownBy(local::shutdownOutput).isInstanceOf(SocketClosedException.class);
    assertThatThrownBy(local::shutdownInput).isInstanceOf(SocketClosedException.class);
    assertThat(local.localAddress()).as("addresses still answer").isNotNull();
    assertThat(peer.input().read(new byte[1], 0, 1)).as("the peer reads end of stream").isEqualTo(-1);
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void closingTheStreamViewsClosesTheConnection(Endpoint e) throws IOException {
    open(e);
    local.input().asInputStream().close();
    assertThat(local.isOpen()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void closeDiscardsUnflushedOutput(Endpoint e) throws IOException {
    open(e);
    local.output().write("lost".getBytes(US_ASCII));
    local.close();
    assertThat(peer.input().exhausted()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void halfCloseLetsThePeerReadToTheEndAndStillReply(Endpoint e) throws IOException {
    open(e);
    local.output().write("request".getBytes(US_ASCII));
    local.shutdownOutput();
    local.shutdownOutput(); // idempotent
    assertThat(new String(peer.input().readFully(7), US_ASCII)).isEqualTo("request");
    assertThat(peer.input().exhausted()).isTrue();
    peer.output().write("reply".getBytes(US_ASCII)).flush();
    assertThat(new String(local.input().readFully(5), US_ASCII)).isEqualTo("reply");
    assertThatThrownBy(() -> local.output().writeByte(1).flush())
        .isInstanceOf(IOException.class).hasMessageContaining("output shut down");
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void shutdownInputMakesLocalReadsSeeEndOfStream(Endpoint e) throws IOException {
    open(e);
    local.shutdownInput();
    assertThat(local.input().exhausted()).isTrue();
    local.output().writeByte(9).flush(); // the other direction still works
    assertThat(peer.input().readByte()).isEqualTo((byte) 9);
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void bulkTransferBothWaysAtOnceArrivesIntact(Endpoint e) throws Exception {
    open(e);
    byte[] up = random(3 * 1024 * 1024 + 17, 1);
    byte[] down = random(2 * 1024 * 1024 + 5, 2);
    Call<Void> sendUp = Calls.start("up", () -> send(peer, up));
    Call<Void> sendDown = Calls.start("down", () -> send(local, down));
    Call<byte[]> readDown = Calls.start("read-down", () -> peer.input().readFully(down.length));
    assertThat(local.input().readFully(up.length)).isEqualTo(up);
    assertThat(readDown.value()).isEqualTo(down);
    assertThat(sendUp.failure()).isNull();
    assertThat(sendDown.failure()).isNull();
    assertThat(local.bytesRead()).isEqualTo(up.length);
    assertThat(local.bytesWritten()).isEqualTo(down.length);
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void pingPong(Endpoint e) throws Exception {
    open(e);
    Call<Void> echo = Calls.start("echo", () -> {
      for (int i = 0; i < 1000; i++) {
        peer.output().writeInt(peer.input().readInt() + 1).flush();
      }
      return null;
    });
    int v = 0;
    for (int i = 0; i < 1000; i++) {
      local.output().writeInt(v).flush();
      v = local.input().readInt();
    }
    assertThat(v).isEqualTo(1000);
    assertThat(echo.failure()).isNull();
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void racyReadsAndWritesWhileLimitsChangeLoseNoByte(Endpoint e) throws Exception {
    open(e);
    byte[] up = random(1024 * 1024, 3);
    byte[] down = random(1024 * 1024, 4);
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger flips = new AtomicInteger();
    Call<Integer> flipper = Calls.start("flipper", () -> {
      int n = 0;
      for (; !done.get() && n < 1_000_000; n = flips.incrementAndGet()) {
        switch (n % 4) {
          case 0: local.setReadTimeout(LONG.plusMillis(n % 7)); break;
          case 1: local.setWriteTimeout(n % 8 == 1 ? Duration.ZERO : LONG); break;
          case 2: local.setDeadline(Instant.now().plus(LONG)); break;
          default: local.clearDeadline(); break;
        }
        Thread.yield();
      }
      return n;
    });
    // The transfers start once the limits change: on a loaded machine they could otherwise end first.
    assertThat(Leaks.await(() -> flips.get() > 0, Duration.ofSeconds(30))).as("flipper started").isTrue();
    Call<Void> sendUp = Calls.start("up", () -> send(peer, up));
    Call<Void> sendDown = Calls.start("down", () -> sendInPieces(local, down));
    Call<byte[]> readDown = Calls.start("read-down", () -> peer.input().readFully(down.length));
    byte[] got = new byte[up.length];
    for (int off = 0; off < got.length; ) {
      off += local.input().read(got, off, Math.min(1000, got.length - off));
    }
    assertThat(got).isEqualTo(up);
    assertThat(readDown.value()).isEqualTo(down);
    done.set(true);
    assertThat(flipper.value()).isPositive();
    assertThat(sendUp.failure()).isNull();
    assertThat(sendDown.failure()).isNull();
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static Void send(Connection c, byte[] data) throws IOException {
    c.output().write(data).flush();
    return null;
  }

  private static Void sendInPieces(Connection c, byte[] data) throws IOException {
    for (int off = 0; off < data.length; off += 1500) {
      c.output().write(data, off, Math.min(1500, data.length - off));
    }
    c.output().flush();
    return null;
  }

  /** The size of {@link #fillUntilBlocked}'s writes: each is one write call on the transport. */
  private static final int CHUNK = 64 * 1024;

  private static Void fillUntilBlocked(Connection c) throws IOException {
    byte[] chunk = new byte[CHUNK];
    for (int i = 0; i < 16 * 1024; i++) {
      c.output().write(chunk).flush();
    }
    throw new AssertionError("1 GiB written to a peer that reads nothing");
  }
}
