package dev.socketkit.framing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: encode frames to bytes, and read them back with a reader or a decoder. */
final class Wire {
  private Wire() {}

  static byte[] encode(Framing framing, List<byte[]> payloads) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      FrameWriter writer = FrameWriter.of(bytes, framing);
      for (byte[] p : payloads) {
        writer.write(p);
      }
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static List<byte[]> readAll(Framing framing, InputStream in) throws IOException {
    FrameReader reader = FrameReader.of(in, framing);
    List<byte[]> frames = new ArrayList<>();
    for (byte[] f; (f = reader.read()) != null; ) {
      frames.add(f);
    }
    return frames;
  }

  /** Takes the next frame out of a decoder, or null if it needs more bytes. */
  interface Take {
    byte[] next(FrameDecoder decoder) throws IOException;
  }

  /** Feeds whatever each read of {@code in} returns to a decoder, collecting frames as they come. */
  static List<byte[]> decodeAll(Framing framing, InputStream in) throws IOException {
    return decodeAll(framing, in, FrameDecoder::read);
  }

  /**
   * Like {@link #decodeAll(Framing, InputStream)}, taking frames out with {@code take}; every
   * other chunk is fed as a {@link ByteBuffer}.
   */
  static List<byte[]> decodeAll(Framing framing, InputStream in, Take take) throws IOException {
    FrameDecoder decoder = FrameDecoder.of(framing);
    List<byte[]> frames = new ArrayList<>();
    byte[] chunk = new byte[4096];
    boolean asBuffer = false;
    for (int n; (n = in.read(chunk)) >= 0; asBuffer = !asBuffer) {
      if (asBuffer) {
        decoder.feed(ByteBuffer.wrap(chunk, 0, n));
      } else {
        decoder.feed(chunk, 0, n);
      }
      for (byte[] f; (f = take.next(decoder)) != null; ) {
        frames.add(f);
      }
    }
    decoder.finish();
    return frames;
  }

  /** The bytes between a buffer's position and limit, which it consumes. */
  static byte[] remaining(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static List<String> strings(List<byte[]> frames) {
    List<String> out = new ArrayList<>();
    for (byte[] f : frames) {
      out.add(new String(f, StandardCharsets.ISO_8859_1));
    }
    return out;
  }
}
