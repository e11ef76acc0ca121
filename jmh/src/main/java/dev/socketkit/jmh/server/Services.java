package dev.socketkit.jmh.server;

import dev.socketkit.BufferedInput;
import dev.socketkit.BufferedOutput;
import dev.socketkit.Connection;
import dev.socketkit.ConnectionOptions;
import dev.socketkit.framing.FrameReader;
import dev.socketkit.framing.FrameWriter;
import dev.socketkit.framing.Framing;
import dev.socketkit.jmh.Wire;
import java.io.IOException;

/**
 * The echo and churn services written against socketkit's {@link Connection}, twice: {@link
 * #echo} and {@link #churn} read the wire protocol by hand over {@link BufferedInput} (the tuned
 * variant), {@link #framedEcho} and {@link #framedChurn} the way the README shows a user, through
 * {@link FrameReader} and {@link FrameWriter} with {@link Framing#lengthPrefixed()}.
 */
public final class Services {
  private static final int OUTPUT_BUFFER = ConnectionOptions.defaults().bufferSize();

  /**
   * The wire protocol as a framing: the default 4-byte big-endian length prefix, with the
   * protocol's 16 MiB payload limit instead of the default 1 MiB (the limit counts the header).
   */
  public static final Framing FRAMING =
      Framing.lengthPrefixed().withMaxFrameBytes(Wire.HEADER + Wire.MAX_PAYLOAD).build();

  private Services() {}

  /**
   * Echoes frames until the client ends the stream between frames; a malformed or oversized frame
   * ends the session. Output is flushed when no further input is buffered, so pipelined frames
   * leave in one write.
   *
   * @param c the connection, closed by the caller
   * @throws IOException if reading or writing fails, including an end of stream inside a frame
   */
  public static void echo(Connection c) throws IOException {
    BufferedInput in = c.input();
    BufferedOutput out = c.output();
    byte[] frame = new byte[Wire.HEADER + 1024];
    while (!in.exhausted()) {
      int len = in.readInt();
      if (!Wire.acceptable(len)) {
        return;
      }
      if (frame.length < Wire.HEADER + len) {
        frame = new byte[Wire.HEADER + len];
      }
      Wire.putInt(frame, 0, len);
      in.readFully(frame, Wire.HEADER, len);
      if (out.buffered() > 0 && out.buffered() + Wire.HEADER + len > OUTPUT_BUFFER) {
        out.flush(); // keep this frame's header and payload in one write
      }
      out.write(frame, 0, Wire.HEADER + len);
      if (in.buffered() == 0) {
        out.flush();
      }
    }
  }

  /**
   * Serves churn requests (a 4-byte count in, that many bytes out) until the client closes.
   *
   * @param c the connection, closed by the caller
   * @throws IOException if reading or writing fails
   */
  public static void churn(Connection c) throws IOException {
    BufferedInput in = c.input();
    BufferedOutput out = c.output();
    byte[] reply = new byte[Wire.HEADER + 4096];
    while (!in.exhausted()) {
      if (in.readInt() != 4) {
        return;
      }
      int count = in.readInt();
      if (!Wire.acceptable(count)) {
        return;
      }
      if (reply.length < Wire.HEADER + count) {
        reply = new byte[Wire.HEADER + count];
      }
      Wire.putInt(reply, 0, count);
      System.arraycopy(Wire.filler(), 0, reply, Wire.HEADER, count);
      out.write(reply, 0, Wire.HEADER + count).flush();
    }
  }

  /**
   * Echoes frames the way a user writes it: {@link FrameReader#read()} (a new array per frame),
   * then {@link FrameWriter#write(byte[])} and a flush per frame, until the client ends the
   * stream between frames. A frame over 16 MiB throws {@link
   * dev.socketkit.framing.TooLongFrameException}, which ends the session.
   *
   * @param c the connection, closed by the caller
   * @throws IOException if reading or writing fails, including an end of stream inside a frame
   */
  public static void framedEcho(Connection c) throws IOException {
    FrameReader in = FrameReader.of(c, FRAMING);
    FrameWriter out = FrameWriter.of(c, FRAMING);
    for (byte[] frame = in.read(); frame != null; frame = in.read()) {
      out.write(frame).flush();
    }
  }

  /**
   * Serves churn requests through the framing API until the client closes: a request frame that
   * is not exactly 4 bytes, or asks for more than 16 MiB, ends the session.
   *
   * @param c the connection, closed by the caller
   * @throws IOException if reading or writing fails
   */
  public static void framedChurn(Connection c) throws IOException {
    FrameReader in = FrameReader.of(c, FRAMING);
    FrameWriter out = FrameWriter.of(c, FRAMING);
    for (byte[] request = in.read(); request != null; request = in.read()) {
      if (request.length != 4) {
        return;
      }
      int count = Wire.getInt(request, 0);
      if (!Wire.acceptable(count)) {
        return;
      }
      out.write(Wire.filler(), 0, count).flush();
    }
  }
}
