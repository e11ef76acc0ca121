package dev.socketkit.framing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketkit.Connection;
import dev.socketkit.Leaks;
import dev.socketkit.Listener;
import dev.socketkit.Transport;
import dev.socketkit.testkit.ConnectionPair;
import dev.socketkit.testkit.FragmentingRelay;
import dev.socketkit.testkit.NoLeaks;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every framing round-trips over real connections: in memory, and over loopback TCP and
 * Unix-domain sockets through a relay that re-cuts the bytes into whole, 1-byte or random pieces.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransportRoundTripTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** How the two ends are connected. */
  enum Route {
    MEMORY(null, 0),
    TCP4_WHOLE(Transport.TCP4, 8192),
    TCP4_ONE_BYTE(Transport.TCP4, 1),
    TCP4_RANDOM(Transport.TCP4, 13),
    TCP6_RANDOM(Transport.TCP6, 13),
    UNIX_WHOLE(Transport.UNIX, 8192),
    UNIX_ONE_BYTE(Transport.UNIX, 1),
    UNIX_RANDOM(Transport.UNIX, 13);

    final Transport transport;
    final int maxPiece;

    Route(Transport transport, int maxPiece) {
      this.transport = transport;
      this.maxPiece = maxPiece;
    }
  }

  /** The two ends and everything to close afterwards. */
  static final class Ends implements Closeable {
    final List<Closeable> resources = new ArrayList<>();
    Connection client;
    Connection server;

    Ends(Route route) throws IOException {
      if (route == Route.MEMORY) {
        ConnectionPair pair = ConnectionPair.inMemory(64);
        resources.add(pair);
        client = pair.client();
        server = pair.server();
        return;
      }
      Listener listener = Listener.bind(route.transport.bindAddress());
      resources.add(listener);
      FragmentingRelay relay = FragmentingRelay.to(listener.localAddress())
          .listenOn(route.transport.bindAddress())
          .randomPieces(route.ordinal(), route.maxPiece).start();
      resources.add(relay);
      client = Connection.connect(relay.address(), WAIT);
      resources.add(client);
      server = listener.accept(WAIT);
      resources.add(server);
      client.setReadTimeout(WAIT);
      server.setReadTimeout(WAIT);
    }

    @Override
    public void close() throws IOException {
      for (int i = resources.size() - 1; i >= 0; i--) {
        resources.get(i).close();
      }
    }
  }

  static Stream<Arguments> framingsAndRoutes() {
    List<Arguments> args = new ArrayList<>();
    for (RoundTripTest.Case c : RoundTripTest.cases()) {
      if (c.name().equals("length3LE") || c.name().equals("length8LE")) {
        continue; // same code paths as their big-endian twins
      }
      List<byte[]> small = new ArrayList<>();
      for (byte[] p : c.payloads()) {
        if (p.length <= 600) {
          small.add(p);
        }
      }
      RoundTripTest.Case smallCase = new RoundTripTest.Case(c.name(), c.framing(), small);
      for (Route r : Route.values()) {
        args.add(Arguments.of(smallCase, r));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("framingsAndRoutes")
  void framesSurviveTheRouteBothWays(RoundTripTest.Case c, Route route) throws Exception {
    int fds = Leaks.openFds();
    try (Ends ends = new Ends(route)) {
      if (route == Route.MEMORY) {
        // the pair holds 64 bytes per direction: write from another thread
        Thread writer = new Thread(() -> writeAll(ends.client, c), "memory-writer");
        writer.start();
        assertThat(readAll(ends.server, c.framing())).containsExactlyElementsOf(c.payloads());
        writer.join(WAIT.toMillis());
        assertThat(writer.isAlive()).isFalse();
        return;
      }
      writeAll(ends.client, c);
      List<byte[]> got = readAll(ends.server, c.framing());
      assertThat(got).containsExactlyElementsOf(c.payloads());
      writeAll(ends.server, new RoundTripTest.Case(c.name(), c.framing(), got));
      assertThat(readAll(ends.client, c.framing())).containsExactlyElementsOf(c.payloads());
    }
    NoLeaks.assertFdsSettle(fds);
  }

  private static void writeAll(Connection c, RoundTripTest.Case rt) {
    try {
      FrameWriter writer = FrameWriter.of(c, rt.framing());
      for (byte[] p : rt.payloads()) {
        writer.write(p);
      }
      writer.flush();
      c.shutdownOutput();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<byte[]> readAll(Connection c, Framing framing) throws IOException {
    FrameReader reader = FrameReader.of(c, framing);
    List<byte[]> frames = new ArrayList<>();
    for (byte[] f; (f = reader.read()) != null; ) {
      frames.add(f);
    }
    return frames;
  }
}
