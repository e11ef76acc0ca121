package dev.socketkit.examples;

import dev.socketkit.BufferedInput;
import dev.socketkit.BufferedOutput;
import dev.socketkit.EndOfStreamException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * Newline-terminated UTF-8 lines over {@link BufferedInput}, in a few lines of code. A stand-in
 * until the examples switch to the framing package's line framing.
 */
public final class LineIO {
  /** The longest line the examples accept, in bytes, without its newline. */
  public static final int MAX_LINE = 8192;

  private LineIO() {}

  /**
   * Reads one line without its {@code \n} (and a {@code \r} before it); {@code null} if the
   * stream ends cleanly before the line starts.
   *
   * @throws EndOfStreamException if the stream ends inside a line
   * @throws ProtocolException if the line is longer than {@link #MAX_LINE}
   */
  public static String readLine(BufferedInput in) throws IOException {
    int scanned = 0;
    while (true) {
      int end = in.indexOf((byte) '\n', scanned, MAX_LINE + 1);
      if (end >= 0) {
        byte[] line = in.readFully(end + 1);
        int len = end > 0 && line[end - 1] == '\r' ? end - 1 : end;
        return new String(line, 0, len, StandardCharsets.UTF_8);
      }
      scanned = in.buffered();
      if (scanned > MAX_LINE) {
        throw new ProtocolException("line longer than " + MAX_LINE + " bytes");
      }
      if (!in.request(scanned + 1)) {
        if (scanned == 0) {
          return null;
        }
        throw new EndOfStreamException("read: end of stream inside a line after " + scanned
            + " bytes", scanned, scanned + 1L);
      }
    }
  }

  /** Writes {@code line} and a {@code \n}, and flushes. */
  public static void writeLine(BufferedOutput out, String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8)).flush();
  }
}
