package dev.socketkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ServerOptions}: the documented defaults, validation, and a faithful {@code toBuilder}. */
class ServerOptionsTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    ServerOptions o = ServerOptions.defaults();
    assertThat(o.name()).isEqualTo("server");
    assertThat(o.maxConnections()).isEqualTo(1024);
    assertThat(o.overflow()).isEqualTo(Overflow.WAIT);
    assertThat(o.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.writeTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.sessionDeadline()).isZero();
    assertThat(o.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.busyReply()).isEqualTo("busy\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(o.backlog()).isZero();
    assertThat(o.reuseAddress()).isTrue();
    assertThat(o.bufferSize()).isEqualTo(8192);
    assertThat(o.socketOptions()).containsExactly(Map.entry(StandardSocketOptions.TCP_NODELAY, true));
    assertThat(o.listenOptions().reusePort()).isFalse();
  }

  @Test
  void theSocketSettingsAreCheckedWhenSetAndReachTheListenOptions() {
    assertThatThrownBy(() -> ServerOptions.builder().backlog(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("backlog: -1 (expected: >= 0)");
    assertThatThrownBy(() -> ServerOptions.builder().bufferSize(8))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bufferSize: 8 (expected: 16 to 16777216)");
    ServerOptions o = ServerOptions.builder().backlog(50).reuseAddress(false).bufferSize(1024)
        .option(StandardSocketOptions.TCP_NODELAY, null).option(StandardSocketOptions.SO_KEEPALIVE, true).build();
    assertThat(o.socketOptions()).containsExactly(Map.entry(StandardSocketOptions.SO_KEEPALIVE, true));
    assertThatThrownBy(() -> o.socketOptions().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(o.listenOptions().backlog()).isEqualTo(50);
    assertThat(o.listenOptions().reuseAddress()).isFalse();
    assertThat(o.listenOptions().bufferSize()).isEqualTo(1024);
    assertThat(o.listenOptions().socketOptions()).isEqualTo(o.socketOptions());
  }

  @Test
  void toBuilderCopiesEveryValueAndChangingTheCopyLeavesTheOriginal() {
    ServerOptions o = ServerOptions.builder().name("echo").maxConnections(5, Overflow.BUSY_REPLY)
        .idleTimeout(Duration.ofSeconds(3)).writeTimeout(Duration.ofSeconds(4))
        .sessionDeadline(Duration.ofSeconds(5)).shutdownGrace(Duration.ofSeconds(6))
        .busyReply(new byte[] {1, 2}).backlog(7).reuseAddress(false).bufferSize(64)
        .option(StandardSocketOptions.SO_KEEPALIVE, true).build();
    ServerOptions copy = o.toBuilder().build();
    assertThat(copy).hasToString(o.toString());
    assertThat(copy.busyReply()).isEqualTo(o.busyReply());
    assertThat(o.toString()).contains("name=echo", "backlog=7", "reuseAddress=false", "bufferSize=64",
        "SO_KEEPALIVE=true");
    ServerOptions changed = o.toBuilder().backlog(8).option(StandardSocketOptions.SO_KEEPALIVE, null).build();
    assertThat(changed.backlog()).isEqualTo(8);
    assertThat(changed.socketOptions()).doesNotContainKey(StandardSocketOptions.SO_KEEPALIVE);
    assertThat(o.backlog()).isEqualTo(7);
    assertThat(o.socketOptions()).containsKey(StandardSocketOptions.SO_KEEPALIVE);
  }
}
