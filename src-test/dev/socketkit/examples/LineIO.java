package dev.socketkit.examples;

import dev.socketkit.BufferedInput;
import dev.socketkit.BufferedOutput;
import dev.socketkit.framing.FrameReader;
import dev.socketkit.framing.FrameWriter;
import dev.socketkit.framing.Framing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** One-line helpers over the line framing, for tests that read and write a line at a time. */
public final class LineIO {
  private static final Framing LINES = Framing.lines();

  private LineIO() {}

  /**
   * Reads one line without its terminator; {@code null} at a clean end of stream.
   *
   * @throws dev.socketkit.EndOfStreamException if the stream ends inside a line
   */
  public static String readLine(BufferedInput in) throws IOException {
    return FrameReader.of(in, LINES).readText(StandardCharsets.UTF_8);
  }

  /** Writes {@code line} and a {@code \n}, and flushes. */
  public static void writeLine(BufferedOutput out, String line) throws IOException {
    FrameWriter.of(out, LINES).writeText(line, StandardCharsets.UTF_8).flush();
  }
}
