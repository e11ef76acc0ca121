package dev.socketkit.framing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every framing round-trips its frames however the bytes are split, through reader and decoder. */
class RoundTripTest {

  /** A framing with payloads it can carry. */
  record Case(String name, Framing framing, List<byte[]> payloads) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    Random random = new Random(7);
    List<byte[]> binary = new ArrayList<>();
    for (int len : new int[] {0, 1, 2, 127, 128, 300, 5000, 0, 70000}) {
      byte[] b = new byte[len];
      random.nextBytes(b);
      binary.add(b);
    }
    List<byte[]> text = new ArrayList<>();
    for (String s : new String[] {"", "hello", "a\rb", "x y z", "", "0123456789".repeat(50)}) {
      text.add(Wire.ascii(s));
    }
    List<byte[]> fixed = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] b = new byte[5];
      random.nextBytes(b);
      fixed.add(b);
    }
    List<byte[]> keptLines = new ArrayList<>();
    for (byte[] t : text) {
      byte[] k = new byte[t.length + 1];
      System.arraycopy(t, 0, k, 0, t.length);
      k[t.length] = ';';
      keptLines.add(k);
    }
    List<Case> cases = new ArrayList<>();
    for (int width : new int[] {3, 4, 8}) {
      cases.add(new Case("length" + width + "BE",
          Framing.lengthPrefixed().fieldBytes(width).build(), binary));
      cases.add(new Case("length" + width + "LE", Framing.lengthPrefixed().fieldBytes(width)
          .byteOrder(ByteOrder.LITTLE_ENDIAN).build(), binary));
    }
    cases.add(new Case("length2", Framing.lengthPrefixed().fieldBytes(2).build(),
        binary.subList(0, 8)));
    cases.add(new Case("length1", Framing.lengthPrefixed().fieldBytes(1).build(),
        binary.subList(0, 5)));
    cases.add(new Case("varint", Framing.lengthPrefixed().varint().build(), binary));
    cases.add(new Case("varintIncludingHeader",
        Framing.lengthPrefixed().varint().lengthIncludesHeader(true).build(), binary));
    cases.add(new Case("length4IncludingHeaderAdjusted", Framing.lengthPrefixed()
        .lengthIncludesHeader(true).lengthAdjustment(-2).build(), binary));
    cases.add(new Case("lines", Framing.lines(), text));
    cases.add(new Case("strictCrlfLines", Framing.strictCrlfLines(), text));
    cases.add(new Case("delimitedMulti", Framing.delimited(Wire.ascii("<END>"), Wire.ascii("|")),
        text));
    cases.add(new Case("delimitedKeep", Framing.delimitedKeepingDelimiter(Wire.ascii(";")),
        keptLines));
    cases.add(new Case("fixedLength", Framing.fixedLength(5), fixed));
    cases.add(new Case("custom", Framing.custom(new ShortLengthFormat()), binary.subList(0, 8)));
    return cases;
  }

  /** The ways to take frames out of the bytes: blocking reader or fed decoder, each API. */
  enum Way {
    READER(Wire::readAll),
    READER_INTO_BUFFER((f, in) -> {
      FrameReader reader = FrameReader.of(in, f);
      ByteBuffer dst = ByteBuffer.allocate(100_000);
      List<byte[]> got = new ArrayList<>();
      while (reader.read(dst)) {
        got.add(Wire.remaining(dst.flip()));
        dst.clear();
      }
      return got;
    }),
    DECODER(Wire::decodeAll),
    DECODER_VIEWS((f, in) -> Wire.decodeAll(f, in, d -> {
      ByteBuffer v = d.readView();
      return v == null ? null : Wire.remaining(v);
    })),
    DECODER_INTO_BUFFER((f, in) -> {
      ByteBuffer dst = ByteBuffer.allocateDirect(100_000);
      return Wire.decodeAll(f, in, d -> d.read(dst.clear()) ? Wire.remaining(dst.flip()) : null);
    });

    /** Reads every frame of a stream. */
    interface Frames {
      List<byte[]> all(Framing framing, InputStream in) throws IOException;
    }

    final Frames frames;

    Way(Frames frames) {
      this.frames = frames;
    }
  }

  static Stream<Arguments> everyFramingEverySplitEveryWay() {
    return cases().stream().flatMap(c -> Stream.of(Splits.values())
        .flatMap(s -> Stream.of(Way.values()).map(w -> Arguments.of(c, s, w))));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("everyFramingEverySplitEveryWay")
  void everyFrameComesBackThenTheEnd(Case c, Splits split, Way way) throws Exception {
    byte[] wire = Wire.encode(c.framing(), c.payloads());
    assertThat(way.frames.all(c.framing(), split.of(wire))).containsExactlyElementsOf(c.payloads());
  }
}
