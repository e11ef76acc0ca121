package dev.socketkit.datagram;

import dev.socketkit.internal.Errors;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.util.Objects;

/**
 * One received datagram: its whole payload and the address it came from.
 *
 * <p>The payload array belongs to whoever received the datagram; it is not copied again by {@link
 * #payload()}, so a handler that keeps it must not expect it to change, and must not change it
 * while another thread reads it.
 */
public final class Datagram {
  private final byte[] payload;
  private final InetSocketAddress sender;

  /**
   * Creates a datagram; the array is kept, not copied.
   *
   * @param payload the bytes
   * @param sender where it came from
   */
  public Datagram(byte[] payload, InetSocketAddress sender) {
    this.payload = Objects.requireNonNull(payload, "payload");
    this.sender = Objects.requireNonNull(sender, "sender");
  }

  /**
   * Returns the payload, the whole datagram as sent (never truncated: a datagram over the
   * receive limit is a {@link DatagramTooLongException} instead).
   *
   * @return the bytes, not a copy
   */
  public byte[] payload() {
    return payload;
  }

  /**
   * Returns the payload length in bytes; zero for an empty datagram, which is legal.
   *
   * @return the length
   */
  public int length() {
    return payload.length;
  }

  /**
   * Returns the payload decoded in {@code charset}, malformed bytes replaced.
   *
   * @param charset the charset
   * @return the text
   */
  public String text(Charset charset) {
    return new String(payload, charset);
  }

  /**
   * Returns the address and port the datagram came from, where a reply should go.
   *
   * @return the sender
   */
  public InetSocketAddress sender() {
    return sender;
  }

  @Override
  public String toString() {
    return "Datagram{" + payload.length + " bytes from " + Errors.format(sender) + "}";
  }
}
