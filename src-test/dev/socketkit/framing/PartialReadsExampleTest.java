package dev.socketkit.framing;

import dev.socketkit.Async;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketkit.Connection;
import dev.socketkit.Listener;
import dev.socketkit.testkit.FragmentingRelay;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's "Partial reads" sample, run against an echo server behind a 1-byte relay. */
@Timeout(30)
class PartialReadsExampleTest {

  /** Echoes frames until the client ends the stream. */
  private static void echo(Connection c, Framing framing) throws IOException {
    FrameReader in = FrameReader.of(c, framing);
    FrameWriter out = FrameWriter.of(c, framing);
    for (byte[] frame; (frame = in.read()) != null; ) {
      out.write(frame).flush();
    }
  }

  @Test
  void wholeFramesArriveEvenWhenEveryByteIsItsOwnSegment() throws Exception {
    Framing framing = Framing.lengthPrefixed().build(); // 4-byte length, then payload; max 1 MiB
    try (Listener server = Listener.bind(new InetSocketAddress("127.0.0.1", 0));
        FragmentingRelay relay = FragmentingRelay.to(server.localAddress()).oneBytePieces().start()) {
      CompletableFuture<Void> echoed = Async.run(() -> {
        try (Connection c = server.accept(Duration.ofSeconds(10))) {
          echo(c, framing);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });

      // --- the README sample ---
      try (Connection c = Connection.connect(relay.address(), Duration.ofSeconds(5))) {
        FrameWriter out = FrameWriter.of(c, framing);
        FrameReader in = FrameReader.of(c, framing);
        out.write("ping".getBytes(UTF_8)).flush();
        byte[] reply = in.read(); // the whole frame, or null at a clean end of stream
        // --- end of sample ---
        assertThat(new String(reply, UTF_8)).isEqualTo("ping");
        c.shutdownOutput();
        assertThat(in.read()).isNull();
      }
      echoed.get(20, TimeUnit.SECONDS);
    }
  }
}
