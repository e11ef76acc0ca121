package dev.socketkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.internal.KeepAlive;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ConnectionOptions.Builder#keepAlive}: one call, checked values, a clear refusal. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeepAliveTest {
  private static final ConnectionOptions TUNED = ConnectionOptions.builder()
      .keepAlive(Duration.ofSeconds(30), Duration.ofSeconds(5), 3).build();

  @Test
  void oneCallSetsAllFourOptionsAndKeepsTheDefaults() {
    assertThat(TUNED.socketOptions())
        .containsEntry(StandardSocketOptions.TCP_NODELAY, true)
        .containsEntry(StandardSocketOptions.SO_KEEPALIVE, true)
        .containsEntry(ExtendedSocketOptions.TCP_KEEPIDLE, 30)
        .containsEntry(ExtendedSocketOptions.TCP_KEEPINTERVAL, 5)
        .containsEntry(ExtendedSocketOptions.TCP_KEEPCOUNT, 3);
  }

  @Test
  void bothEndsOfATcpConnectionCarryTheTuning() throws IOException {
    int fds = Leaks.openFds();
    ListenOptions listen = ListenOptions.builder().keepAlive(Duration.ofSeconds(30), Duration.ofSeconds(5), 3).build();
    try (Listener l = Listener.bind(Transport.TCP4.bindAddress(), listen);
        Connection c = Connection.connect(l.localAddress(), TUNED);
        Connection s = l.accept()) {
      for (Connection end : new Connection[] {c, s}) {
        assertThat(end.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
        assertThat(end.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(30);
        assertThat(end.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(5);
        assertThat(end.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(3);
      }
    }
    Leaks.assertNoFdLeak(fds);
  }

  @Test
  void aUnixDomainConnectionRefusesTheTuningNamingTheOption() throws IOException {
    int fds = Leaks.openFds();
    try (Listener l = Listener.bind(Transport.UNIX.bindAddress())) {
      assertThatThrownBy(() -> Connection.connect(l.localAddress(), TUNED))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("SO_KEEPALIVE")
          .hasMessageContaining("not supported");
    }
    Leaks.assertNoFdLeak(fds);
  }

  @Test
  void valuesOutOfRangeOrNotWholeSecondsAreRefusedWithTheValue() {
    ConnectionOptions.Builder b = ConnectionOptions.builder();
    assertThatThrownBy(() -> b.keepAlive(Duration.ofMillis(1500), Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keepAlive idle: PT1.5S (expected: whole seconds, 1 to 32767)");
    assertThatThrownBy(() -> b.keepAlive(Duration.ofSeconds(1), Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keepAlive interval: PT0S (expected: whole seconds, 1 to 32767)");
    assertThatThrownBy(() -> b.keepAlive(Duration.ofSeconds(1), Duration.ofSeconds(1), 128))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keepAlive count: 128 (expected: 1 to 127)");
    assertThat(b.build().socketOptions()).doesNotContainKey(StandardSocketOptions.SO_KEEPALIVE);
  }

  @Test
  void aPlatformWithoutTuningIsNamedInTheRefusal() {
    assertThatThrownBy(() -> KeepAlive.check(Set.of(ExtendedSocketOptions.TCP_KEEPIDLE)))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("TCP_KEEPINTERVAL, TCP_KEEPCOUNT")
        .hasMessageContaining("not supported on " + System.getProperty("os.name"))
        .hasMessageContaining("Java " + System.getProperty("java.version"));
  }

  @Test
  void aServersAcceptedConnectionsCarryTheTuning() throws IOException {
    dev.socketkit.server.ServerOptions options = dev.socketkit.server.ServerOptions.builder()
        .keepAlive(Duration.ofSeconds(40), Duration.ofSeconds(4), 4).build();
    try (dev.socketkit.server.Server server = dev.socketkit.server.Server.of(Transport.TCP4.bindAddress(),
            dev.socketkit.server.Strategy.threadPerConnection(), options,
            c -> c.output().writeInt(c.getOption(ExtendedSocketOptions.TCP_KEEPIDLE))
                .writeInt(c.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).flush()).start();
        Connection c = Connection.connect(server.localAddress(), Duration.ofSeconds(10))) {
      c.setReadTimeout(Duration.ofSeconds(10));
      assertThat(c.input().readInt()).isEqualTo(40);
      assertThat(c.input().readInt()).isEqualTo(4);
    }
  }
}
