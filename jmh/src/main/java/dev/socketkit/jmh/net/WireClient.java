package dev.socketkit.jmh.net;

import dev.socketkit.jmh.Wire;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The one client every server is measured with: a blocking {@link SocketChannel} and direct
 * buffers, so the client's cost is the same whichever server answers.
 */
public final class WireClient implements AutoCloseable {
  private final SocketChannel ch;
  private final ByteBuffer out;

  private final ByteBuffer in;

  private WireClient(SocketChannel ch, ByteBuffer in, ByteBuffer out) {
    this.ch = ch;
    this.in = in;
    this.out = out;
  }

  /**
   * Connects to {@code address} with TCP_NODELAY on for TCP.
   *
   * @param address a loopback TCP address or a Unix socket path
   * @param maxPayload the largest frame this client sends or receives
   * @return the client
   * @throws IOException if connecting fails
   */
  public static WireClient connect(SocketAddress address, int maxPayload) throws IOException {
    return connect(address, buffer(maxPayload), buffer(maxPayload));
  }

  /**
   * Connects to {@code address} reusing the caller's buffers, so a churn loop allocates none.
   *
   * @param address a loopback TCP address or a Unix socket path
   * @param in the receive buffer, from {@link #buffer(int)}
   * @param out the send buffer, from {@link #buffer(int)}
   * @return the client
   * @throws IOException if connecting fails
   */
  public static WireClient connect(SocketAddress address, ByteBuffer in, ByteBuffer out) throws IOException {
    SocketChannel ch = SocketChannel.open(address);
    try {
      if (address instanceof InetSocketAddress) {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new WireClient(ch, in, out);
  }

  /**
   * Allocates a direct buffer for frames of up to {@code maxPayload} bytes.
   *
   * @param maxPayload the largest payload
   * @return the buffer
   */
  public static ByteBuffer buffer(int maxPayload) {
    return ByteBuffer.allocateDirect(Wire.HEADER + maxPayload);
  }

  /**
   * Sends one frame of {@code payload} bytes (the filler's first bytes) in one write.
   *
   * @param payload the payload length
   * @throws IOException if writing fails
   */
  public void send(int payload) throws IOException {
    out.clear();
    out.putInt(payload).put(Wire.filler(), 0, payload).flip();
    writeAll(out);
  }

  /**
   * Sends a churn request for {@code count} bytes.
   *
   * @param count the reply size wanted
   * @throws IOException if writing fails
   */
  public void request(int count) throws IOException {
    out.clear();
    out.putInt(4).putInt(count).flip();
    writeAll(out);
  }

  /**
   * Reads one frame whose payload must be {@code payload} bytes.
   *
   * @param payload the expected payload length
   * @return the first payload byte, or -1 for an empty payload (for a blackhole)
   * @throws IOException if reading fails, the stream ends, or the length differs
   */
  public int receive(int payload) throws IOException {
    in.clear().limit(Wire.HEADER + payload);
    while (in.hasRemaining()) {
      if (ch.read(in) < 0) {
        throw new EOFException("end of stream after " + in.position() + " of " + in.limit() + " bytes");
      }
    }
    int len = in.getInt(0);
    if (len != payload) {
      throw new IOException("frame length " + len + " (expected: " + payload + ")");
    }
    return payload == 0 ? -1 : in.get(Wire.HEADER);
  }

  private void writeAll(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
