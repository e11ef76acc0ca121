package dev.socketkit.framing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.Connection;
import dev.socketkit.EndOfStreamException;
import dev.socketkit.TimedOutException;
import dev.socketkit.internal.Errors;
import dev.socketkit.testkit.ConnectionPair;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Frame readers and writers over a connection: time-outs, truncation messages, shared input. */
@Timeout(30)
class ConnectionFramingTest {
  private final ConnectionPair pair = ConnectionPair.inMemory();
  private final Connection client = pair.client();
  private final Connection server = pair.server();

  @AfterEach
  void close() {
    pair.close();
  }

  @Test
  void readTimeoutMidFrameLosesNothingAndTheNextReadResumes() throws IOException {
    Framing f = Framing.lengthPrefixed().build();
    byte[] wire = Wire.encode(f, List.of(Wire.ascii("HELLO, WORLD")));
    server.setReadTimeout(Duration.ofMillis(20));
    FrameReader reader = FrameReader.of(server, f);
    client.output().write(wire, 0, 7).flush();
    assertThatThrownBy(reader::read).isInstanceOfSatisfying(TimedOutException.class,
        e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.READ));
    client.output().write(wire, 7, wire.length - 7).flush();
    assertThat(reader.read()).isEqualTo(Wire.ascii("HELLO, WORLD"));
  }

  @Test
  void readTimeoutsInsideAFrameLargerThanTheBufferLoseAndRepeatNothing() throws IOException {
    Framing f = Framing.lengthPrefixed().build();
    byte[] payload = new byte[50_000];
    new java.util.Random(5).nextBytes(payload);
    byte[] wire = Wire.encode(f, List.of(payload, payload));
    server.setReadTimeout(Duration.ofMillis(20));
    FrameReader reader = FrameReader.of(server, f);
    client.output().write(wire, 0, 20_000).flush();
    assertThatThrownBy(reader::read).isInstanceOf(TimedOutException.class);
    client.output().write(wire, 20_000, 30_000).flush();
    assertThatThrownBy(reader::read).isInstanceOf(TimedOutException.class);
    client.output().write(wire, 50_000, 10_000).flush();
    assertThat(reader.read()).isEqualTo(payload);
    // the second frame into the caller's buffer, interrupted the same way
    java.nio.ByteBuffer dst = java.nio.ByteBuffer.allocate(payload.length);
    assertThatThrownBy(() -> reader.read(dst)).isInstanceOf(TimedOutException.class);
    client.output().write(wire, 60_000, wire.length - 60_000).flush();
    assertThat(reader.read(dst)).isTrue();
    assertThat(dst.array()).isEqualTo(payload);
  }

  @Test
  void readTimeoutMidLineLosesNothing() throws IOException {
    server.setReadTimeout(Duration.ofMillis(20));
    FrameReader reader = FrameReader.of(server, Framing.lines());
    client.output().write(Wire.ascii("GET / HT")).flush();
    assertThatThrownBy(reader::read).isInstanceOf(TimedOutException.class);
    client.output().write(Wire.ascii("TP/1.1\r\n")).flush();
    assertThat(reader.readText(UTF_8)).isEqualTo("GET / HTTP/1.1");
  }

  @Test
  void truncatedFrameMessageNamesBothEndsAndCounts() throws IOException {
    Framing f = Framing.lengthPrefixed().build();
    client.output().write(new byte[] {0, 0, 0, 5, 'a', 'b'}).flush();
    client.shutdownOutput();
    assertThatThrownBy(() -> FrameReader.of(server, f).read())
        .isInstanceOf(EndOfStreamException.class)
        .hasMessage("read " + Errors.ends(server.localAddress(), server.remoteAddress())
            + ": end of stream after 6 of 9 bytes of a frame");
  }

  @Test
  void readersOfDifferentFramingsTakeTurnsOnOneConnection() throws IOException {
    FrameWriter lines = FrameWriter.of(client, Framing.lines());
    FrameWriter binary = FrameWriter.of(client, Framing.lengthPrefixed().varint().build());
    lines.writeText("HEADER", UTF_8);
    binary.write(new byte[] {1, 2, 3});
    lines.writeText("TRAILER", UTF_8).flush();
    client.shutdownOutput();
    assertThat(FrameReader.of(server, Framing.lines()).readText(UTF_8)).isEqualTo("HEADER");
    assertThat(FrameReader.of(server, Framing.lengthPrefixed().varint().build()).read())
        .containsExactly(1, 2, 3);
    FrameReader rest = FrameReader.of(server, Framing.lines());
    assertThat(rest.readText(UTF_8)).isEqualTo("TRAILER");
    assertThat(rest.read()).isNull();
  }

  @Test
  void decoderKeepsBytesPastTheFrameItReturns() throws IOException {
    Framing f = Framing.lengthPrefixed().fieldBytes(1).build();
    FrameDecoder d = FrameDecoder.of(f).feed(new byte[] {2, 'h', 'i', 3, 'x'});
    assertThat(d.read()).isEqualTo(Wire.ascii("hi"));
    assertThat(d.buffered()).isEqualTo(2);
    assertThat(d.read()).isNull();
    assertThat(d.feed(Wire.ascii("yz")).read()).isEqualTo(Wire.ascii("xyz"));
    d.finish();
  }
}
