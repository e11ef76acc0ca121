package dev.socketkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.Connection;
import dev.socketkit.ConnectionResetException;
import dev.socketkit.EndOfStreamException;
import dev.socketkit.Leaks;
import dev.socketkit.Listener;
import dev.socketkit.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FragmentingRelayTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void forwardsBothDirectionsInOneBytePiecesAndHalfCloses(Transport t) throws IOException {
    int fds = Leaks.openFds();
    byte[] up = randomBytes(3000);
    byte[] down = randomBytes(2000);
    try (Listener server = Listener.bind(t.bindAddress());
        FragmentingRelay relay = FragmentingRelay.to(server.localAddress()).listenOn(t.bindAddress())
            .oneBytePieces().start();
        Connection client = Connection.connect(relay.address(), WAIT);
        Connection accepted = server.accept(WAIT)) {
      client.setReadTimeout(WAIT);
      accepted.setReadTimeout(WAIT);
      client.output().write(up);
      client.shutdownOutput();
      assertThat(accepted.input().readFully(up.length)).isEqualTo(up);
      assertThat(accepted.input().exhausted()).isTrue();
      accepted.output().write(down).flush();
      accepted.shutdownOutput();
      assertThat(client.input().readFully(down.length)).isEqualTo(down);
      assertThat(client.input().exhausted()).isTrue();
    }
    assertThat(Leaks.await(() -> Leaks.liveThreads("relay-").isEmpty(), WAIT))
        .as("relay threads %s", Leaks.liveThreads("relay-")).isTrue();
    NoLeaks.assertFdsSettle(fds);
  }

  @Test
  void resetsTheConnectionAfterNBytes() throws IOException {
    int fds = Leaks.openFds();
    try (Listener server = Listener.bind(Transport.TCP4.bindAddress());
        FragmentingRelay relay = FragmentingRelay.to(server.localAddress())
            .randomPieces(3, 7).resetAfter(100).start();
        Connection client = Connection.connect(relay.address(), WAIT);
        Connection accepted = server.accept(WAIT)) {
      accepted.setReadTimeout(WAIT);
      client.setReadTimeout(WAIT);
      client.output().write(new byte[1000]).flush();
      assertThatThrownBy(() -> accepted.input().readFully(1000)).isInstanceOf(ConnectionResetException.class);
      assertThat(accepted.bytesRead()).as("bytes through before the reset").isLessThanOrEqualTo(100);
      assertThatThrownBy(() -> client.input().readByte())
          .isInstanceOfAny(ConnectionResetException.class, EndOfStreamException.class);
    }
    NoLeaks.assertFdsSettle(fds);
  }

  @Test
  void closeStopsEveryThreadEvenWithOpenSessionsAndDelay() throws IOException {
    try (Listener server = Listener.bind(Transport.UNIX.bindAddress())) {
      Connection client;
      Connection accepted;
      try (FragmentingRelay relay = FragmentingRelay.to(server.localAddress())
          .delay(Duration.ofMillis(1)).start()) {
        client = Connection.connect(relay.address(), WAIT);
        accepted = server.accept(WAIT);
        client.output().write(new byte[10]).flush();
        accepted.setReadTimeout(WAIT);
        accepted.input().readFully(10);
        assertThat(Leaks.liveThreads("relay-")).isNotEmpty();
      }
      assertThat(Leaks.liveThreads("relay-")).isEmpty();
      accepted.setReadTimeout(WAIT);
      assertThat(accepted.input().exhausted()).isTrue(); // the relay closed its side
      client.close();
      accepted.close();
    }
  }

  @Test
  void builderValidatesItsValues() {
    FragmentingRelay.Builder b = FragmentingRelay.to(Transport.TCP4.bindAddress());
    assertThatThrownBy(() -> b.randomPieces(1, 0))
        .hasMessage("maxPiece: 0 (expected: 1 to 8192)");
    assertThatThrownBy(() -> b.resetAfter(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.delay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void finishedRelayedConnectionsLeaveNoThreadBehind() throws Exception {
    try (Listener server = Listener.bind(Transport.TCP4.bindAddress());
        FragmentingRelay relay = FragmentingRelay.to(server.localAddress()).start()) {
      java.lang.reflect.Field field = FragmentingRelay.class.getDeclaredField("threads");
      field.setAccessible(true);
      java.util.Set<?> kept = (java.util.Set<?>) field.get(relay);
      for (int i = 0; i < 20; i++) {
        try (Connection client = Connection.connect(relay.address(), WAIT);
            Connection accepted = server.accept(WAIT)) {
          client.setReadTimeout(WAIT);
          accepted.output().writeByte(i).flush();
          assertThat(client.input().readByte()).isEqualTo((byte) i);
        }
      }
      assertThat(Leaks.await(() -> kept.size() == 1, WAIT))
          .as("only the acceptor is kept after 20 finished connections: %s", kept).isTrue();
    }
  }
}
