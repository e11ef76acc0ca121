package dev.socketkit.internal.jfr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.Connection;
import dev.socketkit.EndOfStreamException;
import dev.socketkit.Leaks;
import dev.socketkit.Listener;
import dev.socketkit.Transport;
import dev.socketkit.client.Connector;
import dev.socketkit.framing.FrameReader;
import dev.socketkit.framing.Framing;
import dev.socketkit.framing.TooLongFrameException;
import dev.socketkit.internal.Errors;
import dev.socketkit.logs.CapturedLogs;
import dev.socketkit.server.Overflow;
import dev.socketkit.server.RejectReason;
import dev.socketkit.server.Server;
import dev.socketkit.server.ServerOptions;
import dev.socketkit.server.Strategy;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.event.Level;

/** Every socketkit JFR event, recorded on TCP and Unix-domain sockets and read back from the file. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JfrEventsTest {
  static final List<String> EVENTS = List.of("socketkit.ConnectAttempt", "socketkit.ConnectionOpened",
      "socketkit.ConnectionClosed", "socketkit.ConnectionRejected", "socketkit.FrameRejected",
      "socketkit.HandlerFailed", "socketkit.Starvation", "socketkit.Shutdown");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final AtomicInteger IDS = new AtomicInteger();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"TCP4", "UNIX"})
  void aServersLifeAndAClientsAttemptsAreRecorded(Transport t) throws Exception {
    String a = "jfr-a" + IDS.incrementAndGet();
    String b = "jfr-b" + IDS.incrementAndGet();
    Framing small = Framing.lengthPrefixed().build().withMaxFrameBytes(16);
    Path file = dir.resolve("events.jfr");
    List<RecordedEvent> events;
    SocketAddress refused = t == Transport.UNIX ? UnixDomainSocketAddress.of(dir.resolve("nobody.sock")) : nothingAt();
    try (Recording r = new Recording()) {
      EVENTS.forEach(name -> r.enable(name).withoutThreshold());
      r.start();
      Server one = Server.of(t.bindAddress(), Strategy.threadPerConnection(),
          ServerOptions.builder().name(a).maxConnections(1, Overflow.CLOSE).build(),
          c -> FrameReader.of(c, small).read()).start();
      try (one) {
        Connector connector = Connector.builder().maxAttempts(1).build();
        try (Connection c = connector.connect(List.of(refused, one.localAddress()))) {
          assertThat(Leaks.await(() -> one.stats().active() == 1, WAIT)).as("session started").isTrue();
          try (Connection second = Connection.connect(one.localAddress(), WAIT)) {
            assertThatThrownBy(() -> second.input().readByte()).isInstanceOf(IOException.class);
          }
          assertThat(Leaks.await(() -> one.stats().rejected(RejectReason.MAX_CONNECTIONS) == 1, WAIT)).isTrue();
          c.output().writeInt(1000).flush(); // a length far over the 16-byte maximum
          assertThatThrownBy(() -> c.input().readByte()).isInstanceOf(EndOfStreamException.class);
        }
        assertThat(Leaks.await(() -> one.stats().failed() == 1, WAIT)).as("handler failed").isTrue();
        assertThat(CapturedLogs.awaitEvent(Level.INFO, "protocol error", WAIT).message())
            .contains(TooLongFrameException.class.getName());
      }
      try (Server two = Server.of(t.bindAddress(), Strategy.prestartedAccept(1),
          ServerOptions.builder().name(b).build(), c -> c.output().writeByte(1).flush()).start();
          Connection c = Connection.connect(two.localAddress(), WAIT)) {
        assertThat(c.input().readByte()).isEqualTo((byte) 1);
        assertThat(Leaks.await(() -> two.stats().completed() == 1, WAIT)).isTrue();
      }
      r.stop();
      r.dump(file);
    }
    events = RecordingFile.readAllEvents(file);
    String transport = t == Transport.UNIX ? "Unix" : "TCP";

    List<RecordedEvent> attempts = named(events, "socketkit.ConnectAttempt");
    assertThat(attempts).extracting(e -> e.getString("outcome")).containsExactly("FAILED", "CONNECTED");
    assertThat(attempts.get(0).getString("address")).isEqualTo(Errors.format(refused));
    assertThat(attempts.get(0).getString("failure")).contains("refused");
    assertThat(attempts.get(1).getInt("index")).isEqualTo(1);

    assertThat(named(events, "socketkit.ConnectionOpened")).extracting(e -> e.getString("side"))
        .containsExactlyInAnyOrder("client", a, b);
    assertThat(named(events, "socketkit.ConnectionOpened")).allSatisfy(
        e -> assertThat(e.getString("transport")).isEqualTo(transport));

    assertThat(named(events, "socketkit.ConnectionRejected")).singleElement().satisfies(e -> {
      assertThat(e.getString("server")).isEqualTo(a);
      assertThat(e.getString("reason")).isEqualTo("MAX_CONNECTIONS");
    });
    assertThat(named(events, "socketkit.FrameRejected")).singleElement().satisfies(e -> {
      assertThat(e.getString("reason")).isEqualTo("TOO_LONG");
      assertThat(e.getLong("limit")).isEqualTo(16);
      assertThat(e.getLong("length")).isGreaterThan(16);
    });
    assertThat(named(events, "socketkit.HandlerFailed")).singleElement().satisfies(e -> {
      assertThat(e.getString("server")).isEqualTo(a);
      assertThat(e.getString("exception")).isEqualTo("dev.socketkit.framing.TooLongFrameException");
    });
    List<RecordedEvent> closed = named(events, "socketkit.ConnectionClosed");
    assertThat(closed).extracting(e -> e.getString("server") + " " + e.getString("ended"))
        .containsExactlyInAnyOrder(a + " failed: TooLongFrameException", b + " completed");
    assertThat(closed).allSatisfy(e -> assertThat(e.getString("transport")).isEqualTo(transport));
    assertThat(closed).filteredOn(e -> e.getString("server").equals(a)).singleElement()
        .satisfies(e -> assertThat(e.getLong("bytesIn")).isEqualTo(4));
    assertThat(closed).filteredOn(e -> e.getString("server").equals(b)).singleElement()
        .satisfies(e -> assertThat(e.getLong("bytesOut")).isEqualTo(1));
    assertThat(named(events, "socketkit.Starvation")).extracting(e -> e.getString("server")).containsExactly(b);
    assertThat(named(events, "socketkit.Shutdown")).extracting(e -> e.getString("server") + " " + e.getLong("finished"))
        .containsExactly(a + " 1", b + " 1"); // each served one session to its end
    assertThat(Leaks.liveThreads(a)).isEmpty();
    assertThat(Leaks.liveThreads(b)).isEmpty();
  }

  private static SocketAddress nothingAt() throws IOException {
    try (Listener l = Listener.bind(Transport.TCP4.bindAddress())) {
      return l.localAddress();
    }
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
    return events.stream().filter(e -> e.getEventType().getName().equals(name))
        .sorted((x, y) -> x.getStartTime().compareTo(y.getStartTime())).collect(Collectors.toList());
  }
}
