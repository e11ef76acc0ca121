package dev.socketkit.datagram;

/**
 * The logic of a {@link DatagramServer}: called once per received datagram, it answers with zero
 * or more replies through {@code replies}.
 *
 * <pre>{@code
 * DatagramHandler echo = (request, replies) -> replies.send(request.payload());
 * DatagramHandler ignoreEmpty = (request, replies) -> {
 *   if (request.length() > 0) {
 *     replies.send(process(request.payload()));
 *   }
 * };
 * }</pre>
 *
 * <p>Depending on the {@linkplain DatagramStrategy strategy}, calls run one at a time or on
 * several threads at once. A handler that throws is logged once with the sender's address and
 * counted as {@linkplain DatagramServerStats#failed() failed}; the server goes on with the next
 * datagram. At the end of a shutdown grace period a handler still running is interrupted and its
 * replies fail with {@link dev.socketkit.SocketClosedException}.
 */
@FunctionalInterface
public interface DatagramHandler {
  /**
   * Handles one datagram.
   *
   * @param datagram the whole datagram and its sender
   * @param replies sends replies to the sender, from the server's socket
   * @throws Exception anything; it is logged and counted, and the server goes on
   */
  void handle(Datagram datagram, Replies replies) throws Exception;
}
