package dev.socketkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.Connection;
import dev.socketkit.ConnectionRefusedException;
import dev.socketkit.Listener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectorTest {
  @TempDir Path dir;

  private static Connector.Builder fast() {
    return Connector.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(4));
  }

  @Test
  void retriesARefusedConnectUntilTheServerListens() throws Exception {
    SocketAddress address = UnixDomainSocketAddress.of(dir.resolve("late.sock"));
    AtomicReference<Listener> listener = new AtomicReference<>();
    AtomicInteger pauses = new AtomicInteger();
    // The jitter is drawn once per pause, i.e. after a refused round: start the server then.
    RandomGenerator startServerOnFirstPause = () -> {
      if (pauses.getAndIncrement() == 0) {
        try {
          listener.set(Listener.bind(address));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return 0L;
    };
    Connector connector = fast().maxAttempts(5).random(startServerOnFirstPause).build();
    try (Connection c = connector.connect(List.of(address)); Connection s = listener.get().accept()) {
      c.output().writeByte(7).flush();
      assertThat(s.input().readByte()).isEqualTo((byte) 7);
      assertThat(pauses).hasValue(1);
    } finally {
      listener.get().close();
    }
  }

  @Test
  void triesEachAddressInTurnWithinOneAttempt() throws Exception {
    try (Listener l = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      int port = ((InetSocketAddress) l.localAddress()).getPort();
      List<SocketAddress> candidates = List.of(
          new InetSocketAddress(InetAddress.getByName("::1"), port), // nothing listens there
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      try (Connection c = fast().maxAttempts(1).build().connect(candidates); Connection s = l.accept()) {
        assertThat(c.remoteAddress()).isEqualTo(candidates.get(1));
      }
      try (Connection c = fast().maxAttempts(1).build().connect("localhost", port); Connection s = l.accept()) {
        assertThat(((InetSocketAddress) c.remoteAddress()).getPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void givesUpAfterMaxAttemptsKeepingEveryFailure() {
    SocketAddress nobody = UnixDomainSocketAddress.of(dir.resolve("nobody.sock"));
    assertThatThrownBy(() -> fast().maxAttempts(3).build().connect(List.of(nobody, nobody)))
        .isInstanceOf(ConnectionRefusedException.class)
        .hasMessageMatching("connect to \\[.*nobody.sock, .*nobody.sock\\] refused after 3 attempts"
            + " \\(6 connects to 1 address\\) in \\d+\\.\\d\\d s")
        .hasCauseInstanceOf(ConnectionRefusedException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(5));
  }

  @Test
  void theFailureSaysWhatWasTriedHowOftenAndForHowLong() throws Exception {
    int port;
    try (Listener l = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      port = ((InetSocketAddress) l.localAddress()).getPort();
    }
    String each = "connect to 127.0.0.1:" + port + ": connection refused";
    assertThatThrownBy(() -> fast().maxAttempts(5).build().connect("127.0.0.1", port))
        .isInstanceOf(ConnectionRefusedException.class)
        .hasMessageMatching("connect to 127\\.0\\.0\\.1:" + port + " refused after 5 attempts in \\d+\\.\\d\\d s")
        .hasCauseInstanceOf(ConnectionRefusedException.class)
        .satisfies(e -> assertThat(e.getCause()).hasMessage(each))
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(4)
            .allSatisfy(x -> assertThat(x).isInstanceOf(ConnectionRefusedException.class).hasMessage(each)));
  }

  @Test
  void givesUpWhenTheNextPauseWouldPassTheTotalTime() {
    SocketAddress nobody = UnixDomainSocketAddress.of(dir.resolve("nobody.sock"));
    AtomicInteger pauses = new AtomicInteger();
    RandomGenerator countingPauses = () -> {
      pauses.incrementAndGet();
      return 0L;
    };
    Connector connector = Connector.builder().maxAttempts(1000).random(countingPauses)
        .backoff(Duration.ofMillis(20), Duration.ofMillis(20)).maxTotalTime(Duration.ofMillis(100)).build();
    assertThatThrownBy(() -> connector.connect(List.of(nobody))).isInstanceOf(ConnectionRefusedException.class);
    // A pause of 20 ms is computed after each failed round; at most five fit in 100 ms.
    assertThat(pauses.get()).isBetween(1, 6);
  }

  @Test
  void backoffDoublesUpToItsCap() {
    Connector c = Connector.builder().jitter(0).backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
    List<Long> pauses = new ArrayList<>();
    for (int attempt = 1; attempt <= 6; attempt++) {
      pauses.add(c.backoff(attempt).toMillis());
    }
    assertThat(pauses).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
  }

  @Test
  void jitterShortensPausesRepeatablyWithASeededRandom() {
    Connector a = Connector.builder().jitter(0.5).random(new SplittableRandom(42)).build();
    Connector b = Connector.builder().jitter(0.5).random(new SplittableRandom(42)).build();
    for (int attempt = 1; attempt <= 8; attempt++) {
      Duration full = Connector.builder().jitter(0).build().backoff(attempt);
      Duration pause = a.backoff(attempt);
      assertThat(pause).isEqualTo(b.backoff(attempt)).isBetween(full.dividedBy(2), full);
    }
  }

  @Test
  void invalidSettingsAreRefusedWithTheValue() {
    assertThatThrownBy(() -> Connector.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttempts: 0 (expected: 1 to 1000)");
    assertThatThrownBy(() -> Connector.builder().jitter(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("jitter: 1.5 (expected: 0 to 1)");
    assertThatThrownBy(() -> Connector.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max: PT1S");
    assertThatThrownBy(() -> Connector.defaults().connect(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
