package dev.socketkit.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Netty's checklist for too-long frames, for a length-prefixed and a delimited framing, through
 * the reader and the decoder, under every split: discard and go on; fail fast or fail after
 * discarding, then recover, twice in a row.
 */
class TooLongTest {
  private static final int MAX = 64;

  static Stream<Arguments> framingsAndSplits() {
    List<Arguments> args = new ArrayList<>();
    for (Framing f : List.of(Framing.lengthPrefixed().fieldBytes(2).build(), Framing.lines(),
        Framing.delimited(Wire.ascii("@@"), Wire.ascii("##")))) {
      for (Splits s : Splits.values()) {
        args.add(Arguments.of(f.withMaxFrameBytes(MAX), s));
      }
    }
    return args.stream();
  }

  /** ok1, a frame of 200 payload bytes, ok2, another of 1000, ok3: written unchecked. */
  private static byte[] wire(Framing framing) throws IOException {
    Framing unlimited = framing.withMaxFrameBytes(Framing.DEFAULT_MAX_FRAME_BYTES);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter w = FrameWriter.of(out, unlimited);
    w.write(Wire.ascii("ok1")).write(Wire.ascii("x".repeat(200))).write(Wire.ascii("ok2"))
        .write(Wire.ascii("y".repeat(1000))).write(Wire.ascii("ok3")).flush();
    return out.toByteArray();
  }

  /** Reads everything, recording each frame and each too-long failure in order. */
  private static List<String> readOutcomes(Framing f, Splits split) throws IOException {
    FrameReader reader = FrameReader.of(split.of(wire(f)), f);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      try {
        byte[] frame = reader.read();
        if (frame == null) {
          return out;
        }
        out.add(new String(frame, java.nio.charset.StandardCharsets.US_ASCII));
      } catch (TooLongFrameException e) {
        out.add(e.isLengthExact() ? "tooLong " + e.length() : "tooLong");
      }
    }
    throw new AssertionError("no end after 20 reads: " + out);
  }

  private static List<String> decodeOutcomes(Framing f, Splits split) throws IOException {
    FrameDecoder decoder = FrameDecoder.of(f);
    List<String> out = new ArrayList<>();
    java.io.InputStream in = split.of(wire(f));
    byte[] chunk = new byte[512];
    for (int n; (n = in.read(chunk)) >= 0; ) {
      decoder.feed(chunk, 0, n);
      for (int i = 0; i < 20; i++) {
        try {
          byte[] frame = decoder.read();
          if (frame == null) {
            break;
          }
          out.add(new String(frame, java.nio.charset.StandardCharsets.US_ASCII));
        } catch (TooLongFrameException e) {
          out.add(e.isLengthExact() ? "tooLong " + e.length() : "tooLong");
        }
      }
    }
    decoder.finish();
    return out;
  }

  private static long wireLength(Framing f, int payload) {
    return Wire.encode(f.withMaxFrameBytes(Framing.DEFAULT_MAX_FRAME_BYTES),
        List.of(new byte[payload])).length;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("framingsAndSplits")
  void discardModeSkipsTooLongFramesAndDecodesTheNext(Framing f, Splits split) throws IOException {
    Framing discard = f.withTooLong(Framing.TooLong.DISCARD);
    assertThat(readOutcomes(discard, split)).containsExactly("ok1", "ok2", "ok3");
    assertThat(decodeOutcomes(discard, split)).containsExactly("ok1", "ok2", "ok3");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("framingsAndSplits")
  void failFastThrowsThenRecoversTwiceInARow(Framing f, Splits split) throws IOException {
    assertThat(readOutcomes(f, split)).hasSize(5).containsSubsequence("ok1", "ok2", "ok3")
        .filteredOn(s -> s.startsWith("tooLong")).hasSize(2);
    assertThat(decodeOutcomes(f, split)).hasSize(5).containsSubsequence("ok1", "ok2", "ok3")
        .filteredOn(s -> s.startsWith("tooLong")).hasSize(2);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("framingsAndSplits")
  void failSlowDiscardsThenThrowsExactLengthTwiceInARow(Framing f, Splits split)
      throws IOException {
    Framing slow = f.withTooLong(Framing.TooLong.DISCARD_THEN_FAIL);
    List<String> expected = List.of("ok1", "tooLong " + wireLength(f, 200), "ok2",
        "tooLong " + wireLength(f, 1000), "ok3");
    assertThat(readOutcomes(slow, split)).containsExactlyElementsOf(expected);
    assertThat(decodeOutcomes(slow, split)).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("framingsAndSplits")
  void endOfStreamWhileDiscardingIsTruncated(Framing f, Splits split) throws IOException {
    byte[] all = wire(f);
    byte[] cut = java.util.Arrays.copyOf(all, 3 + 2 + 150); // ok1 framed, then part of 200
    FrameReader reader = FrameReader.of(split.of(cut), f.withTooLong(Framing.TooLong.DISCARD));
    assertThat(reader.read()).isEqualTo(Wire.ascii("ok1"));
    assertThatThrownBy(reader::read).isInstanceOf(dev.socketkit.EndOfStreamException.class);
  }
}
