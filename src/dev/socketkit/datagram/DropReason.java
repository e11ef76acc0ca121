package dev.socketkit.datagram;

/** Why a {@link DatagramServer} received a datagram but did not hand it to the handler. */
public enum DropReason {
  /** It was over {@link DatagramServerOptions#maxDatagramBytes()}. */
  TOO_LONG,
  /** Every worker was busy and the {@linkplain DatagramStrategy#pooled(int, int) queue} was full. */
  QUEUE_FULL,
  /** It arrived after shutdown began, or was still queued when the grace period ended. */
  SHUTDOWN
}
