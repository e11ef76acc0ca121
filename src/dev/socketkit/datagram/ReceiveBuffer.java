package dev.socketkit.datagram;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Where an endpoint receives: always 64 KiB, so every UDP datagram arrives whole and its real
 * length is known. Without a time limit the channel receives into a direct buffer (one system
 * call); with one, the socket adaptor's timed receive fills a heap array. Not thread-safe: the
 * endpoint serialises receives.
 */
final class ReceiveBuffer {
  private static final int BYTES = 65_536;

  private final DatagramChannel channel;
  private final DatagramSocket socket;
  private ByteBuffer direct;
  private byte[] array;
  private DatagramPacket packet;
  private boolean inDirect;

  ReceiveBuffer(DatagramChannel channel) {
    this.channel = channel;
    this.socket = channel.socket();
  }

  /**
   * Receives the next datagram, waiting up to {@code millis} (0: no limit); returns the sender.
   *
   * @throws java.net.SocketTimeoutException if the time limit passed
   */
  InetSocketAddress receive(long millis) throws IOException {
    if (millis == 0) {
      if (direct == null) {
        direct = ByteBuffer.allocateDirect(BYTES);
      }
      direct.clear();
      InetSocketAddress from = (InetSocketAddress) channel.receive(direct);
      direct.flip();
      inDirect = true;
      return from;
    }
    if (array == null) {
      array = new byte[BYTES];
      packet = new DatagramPacket(array, BYTES);
    }
    packet.setData(array, 0, BYTES);
    socket.setSoTimeout((int) millis);
    socket.receive(packet);
    inDirect = false;
    return (InetSocketAddress) packet.getSocketAddress();
  }

  /** The length of the datagram last received. */
  int length() {
    return inDirect ? direct.remaining() : packet.getLength();
  }

  /** The datagram last received, in an array of its own. */
  byte[] copy() {
    byte[] out = new byte[length()];
    if (inDirect) {
      direct.get(out);
    } else {
      System.arraycopy(array, 0, out, 0, out.length);
    }
    return out;
  }

  /** Puts the datagram last received into {@code into}, which has room for it. */
  void copyTo(ByteBuffer into) {
    if (inDirect) {
      into.put(direct);
    } else {
      into.put(array, 0, packet.getLength());
    }
  }
}
