package dev.socketkit.framing;

/** A format of this package, which knows the wire size of a frame before writing it. */
abstract class BuiltinFormat implements FrameFormat {
  /** The bytes a frame with a payload of {@code payloadBytes} takes on the wire. */
  abstract long wireBytes(int payloadBytes);
}
