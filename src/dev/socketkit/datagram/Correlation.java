package dev.socketkit.datagram;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * How a {@link DatagramClient} tells the reply to its request from strays, duplicates and late
 * replies to earlier requests. Datagrams come from the connected server only (the kernel drops
 * the others); among those, a reply counts if it matches:
 *
 * <table class="striped">
 *   <caption>The correlations</caption>
 *   <thead><tr><th>Factory</th><th>On the wire</th><th>A reply matches if</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link #idPrefix()} (the default)</td>
 *       <td>{@code | 8-byte id | payload |}; the server echoes the id first</td>
 *       <td>it starts with the request's id; the client strips it</td></tr>
 *   <tr><td>{@link #matching(BiPredicate)}</td><td>the payload as given</td>
 *       <td>your rule says so, given request and reply (a DNS-style id of your own)</td></tr>
 *   <tr><td>{@link #none()}</td><td>the payload as given</td>
 *       <td>always: for servers that echo nothing, such as time of day; a duplicate or late
 *       reply cannot be told from the answer</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>With {@link #idPrefix()} each request gets a new id (a random start, then counting up) and
 * its retries keep it, so a late reply to an earlier attempt of the same request is accepted as
 * its answer, while a reply to an earlier request, or a second copy of one, is ignored. A server
 * answers with {@link #reply(byte[], byte[])} and reads the request with {@link #body(byte[])}:
 *
 * <pre>{@code
 * DatagramHandler upper = (request, replies) -> replies.send(Correlation.reply(request.payload(),
 *     new String(Correlation.body(request.payload()), UTF_8).toUpperCase().getBytes(UTF_8)));
 * }</pre>
 */
public final class Correlation {
  /** The length of the id {@link #idPrefix()} puts before each request. */
  public static final int ID_BYTES = 8;

  private static final Correlation NONE = new Correlation(false, (request, reply) -> true);
  private static final Correlation ID_PREFIX = new Correlation(true, null);

  private final boolean prefixed;
  private final BiPredicate<byte[], byte[]> rule;

  private Correlation(boolean prefixed, BiPredicate<byte[], byte[]> rule) {
    this.prefixed = prefixed;
    this.rule = rule;
  }

  /**
   * Returns the correlation that sends an 8-byte id before each request and accepts only a reply
   * that starts with it, stripped from what the client returns.
   *
   * @return the id-prefix correlation
   */
  public static Correlation idPrefix() {
    return ID_PREFIX;
  }

  /**
   * Returns a correlation that sends the payload as given and accepts a reply if {@code rule}
   * says so.
   *
   * @param rule given the request payload and a reply, whether the reply answers it; it must not
   *     change either array
   * @return the correlation
   */
  public static Correlation matching(BiPredicate<byte[], byte[]> rule) {
    return new Correlation(false, Objects.requireNonNull(rule, "rule"));
  }

  /**
   * Returns the correlation that accepts any datagram from the server as the reply.
   *
   * @return the accept-anything correlation
   */
  public static Correlation none() {
    return NONE;
  }

  /**
   * For a server answering an {@link #idPrefix()} client: returns the reply datagram, the
   * request's id followed by {@code body}.
   *
   * @param request the whole request datagram, id first
   * @param body the reply's payload
   * @return the id and the body
   * @throws IllegalArgumentException if the request is shorter than the id
   */
  public static byte[] reply(byte[] request, byte[] body) {
    checkId(request);
    byte[] out = Arrays.copyOf(request, ID_BYTES + body.length);
    System.arraycopy(body, 0, out, ID_BYTES, body.length);
    return out;
  }

  /**
   * For a server answering an {@link #idPrefix()} client: returns the request's payload without
   * the id.
   *
   * @param request the whole request datagram, id first
   * @return the payload after the id
   * @throws IllegalArgumentException if the request is shorter than the id
   */
  public static byte[] body(byte[] request) {
    checkId(request);
    return Arrays.copyOfRange(request, ID_BYTES, request.length);
  }

  private static void checkId(byte[] request) {
    if (request.length < ID_BYTES) {
      throw new IllegalArgumentException("request of " + request.length
          + " bytes has no " + ID_BYTES + "-byte id");
    }
  }

  /** What goes on the wire for {@code payload} under {@code id}. */
  byte[] onWire(byte[] payload, long id) {
    if (!prefixed) {
      return payload;
    }
    byte[] out = new byte[ID_BYTES + payload.length];
    for (int i = 0; i < ID_BYTES; i++) {
      out[i] = (byte) (id >>> (56 - 8 * i));
    }
    System.arraycopy(payload, 0, out, ID_BYTES, payload.length);
    return out;
  }

  /** The reply's payload if {@code reply} answers {@code wire} (sent as {@link #onWire}), else null. */
  byte[] answer(byte[] payload, byte[] wire, byte[] reply) {
    if (!prefixed) {
      return rule.test(payload, reply) ? reply : null;
    }
    if (reply.length < ID_BYTES || !Arrays.equals(wire, 0, ID_BYTES, reply, 0, ID_BYTES)) {
      return null;
    }
    return Arrays.copyOfRange(reply, ID_BYTES, reply.length);
  }

  @Override
  public String toString() {
    return prefixed ? "idPrefix()" : this == NONE ? "none()" : "matching(" + rule + ")";
  }
}
