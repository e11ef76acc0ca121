package dev.socketkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.Connection;
import dev.socketkit.Leaks;
import dev.socketkit.Transport;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-source limits in a running server: the rejections carry their own reasons in {@code
 * stats()} and {@code ServerEvents}, a finished session gives its source's place back, and
 * Unix-domain clients, which have no address, are not limited. All clients here are 127.0.0.1,
 * one source; telling sources apart is {@link PerSourceLimitsTest}'s part.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SourceLimitsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final AtomicInteger IDS = new AtomicInteger();

  private final List<RejectReason> rejected = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger served = new AtomicInteger();
  private String name;
  private int fds;

  @BeforeEach
  void count() {
    name = "limits" + IDS.incrementAndGet();
    fds = Leaks.openFds();
  }

  @AfterEach
  void noLeaks() {
    release.countDown();
    Leaks.assertNoFdLeak(fds);
    assertThat(Leaks.liveThreads(name + "-")).isEmpty();
  }

  private Server start(Transport t, SourceLimits limits) throws Exception {
    ServerEvents events = new ServerEvents() {
      @Override
      public void rejected(SocketAddress remote, RejectReason reason) {
        rejected.add(reason);
      }
    };
    SessionHandler holding = c -> {
      served.incrementAndGet();
      c.output().writeByte(1).flush();
      if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    };
    return Server.of(t.bindAddress(), Strategy.threadPerConnection(),
        ServerOptions.builder().name(name).sourceLimits(limits).events(events).build(), holding).start();
  }

  private static Connection served(Server server) throws Exception {
    Connection c = Connection.connect(server.localAddress(), WAIT);
    c.setReadTimeout(WAIT);
    assertThat(c.input().readByte()).as("served").isEqualTo((byte) 1);
    return c;
  }

  private static void refused(Server server, byte[] expected) throws Exception {
    try (Connection c = Connection.connect(server.localAddress(), WAIT)) {
      c.setReadTimeout(WAIT);
      assertThat(c.input().asInputStream().readAllBytes()).isEqualTo(expected);
    }
  }

  @Test
  void aSourceAtItsLimitIsRefusedUntilOneOfItsSessionsEnds() throws Exception {
    try (Server server = start(Transport.TCP4, SourceLimits.builder().maxConnections(2, Overflow.BUSY_REPLY).build())) {
      Connection first = served(server);
      try (Connection second = served(server)) {
        refused(server, "busy\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(Leaks.await(() -> rejected.size() == 1, WAIT)).isTrue();
        assertThat(rejected).containsExactly(RejectReason.SOURCE_MAX_CONNECTIONS);
        assertThat(server.stats().rejected(RejectReason.SOURCE_MAX_CONNECTIONS)).isEqualTo(1);
        first.close();
        release.countDown(); // both sessions end; the source's places come back
        assertThat(Leaks.await(() -> server.stats().active() == 0, WAIT)).isTrue();
      }
      served(server).close();
      assertThat(server.stats().rejected(RejectReason.SOURCE_MAX_CONNECTIONS)).isEqualTo(1);
      assertThat(served).hasValue(3);
    }
  }

  @Test
  void aSourceOverItsAcceptRateIsClosedAtOnce() throws Exception {
    // One token per 1,000 s: within this test the bucket holds only its burst of two.
    try (Server server = start(Transport.TCP4, SourceLimits.builder().acceptRate(0.001, 2).build())) {
      try (Connection a = served(server); Connection b = served(server)) {
        refused(server, new byte[0]);
        assertThat(Leaks.await(() -> server.stats().rejected(RejectReason.SOURCE_ACCEPT_RATE) == 1, WAIT)).isTrue();
        // The count is taken before the rejected event is delivered: wait for the event too.
        assertThat(Leaks.await(() -> rejected.size() == 1, WAIT)).isTrue();
        assertThat(rejected).containsExactly(RejectReason.SOURCE_ACCEPT_RATE);
        release.countDown();
      }
      refused(server, new byte[0]); // ending sessions gives no tokens back
      assertThat(Leaks.await(() -> server.stats().rejected(RejectReason.SOURCE_ACCEPT_RATE) == 2, WAIT)).isTrue();
      assertThat(served).hasValue(2);
    }
  }

  @Test
  void unixDomainClientsHaveNoSourceAndAreNotLimited() throws Exception {
    SourceLimits strict = SourceLimits.builder().maxConnections(1, Overflow.CLOSE).acceptRate(0.001, 1).build();
    try (Server server = start(Transport.UNIX, strict);
        Connection a = served(server); Connection b = served(server); Connection c = served(server)) {
      assertThat(server.stats().rejected()).isZero();
      release.countDown();
    }
  }

  @Test
  void theOptionsSayWhatTheyHoldAndRefuseWait() {
    SourceLimits limits = SourceLimits.builder().maxConnections(8, Overflow.CLOSE).acceptRate(5, 20)
        .prefixes(24, 56).maxSources(100).build();
    assertThat(ServerOptions.builder().sourceLimits(limits).build().sourceLimits()).isSameAs(limits);
    assertThat(ServerOptions.defaults().sourceLimits()).isSameAs(SourceLimits.none());
    assertThat(limits).hasToString("SourceLimits{maxConnections=8, overflow=CLOSE, acceptRate=5.0, burst=20,"
        + " prefixes=/24,/56, maxSources=100}");
    assertThatThrownBy(() -> SourceLimits.builder().maxConnections(1, Overflow.WAIT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("overflow: WAIT (expected: CLOSE or BUSY_REPLY");
    assertThatThrownBy(() -> SourceLimits.builder().acceptRate(-1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("perSecond: -1.0 (expected: 0 to 1000000)");
    assertThatThrownBy(() -> SourceLimits.builder().prefixes(33, 64))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("ipv4: 33 (expected: 1 to 32)");
  }
}
