/**
 * Message framings over a byte stream, so that partial reads never reach application code:
 * length-prefixed, lines, delimited, fixed-length and custom.
 *
 * <p>A {@link dev.socketkit.framing.Framing} says where frames end and how large they may be.
 * {@link dev.socketkit.framing.FrameReader} reads whole frames, blocking, from a connection or any
 * stream; {@link dev.socketkit.framing.FrameWriter} writes them; {@link
 * dev.socketkit.framing.FrameDecoder} cuts them out of chunks fed piece by piece. All three run
 * the same rules and fail the same way: {@code null} at a clean end between frames, {@link
 * dev.socketkit.EndOfStreamException} for a frame cut short, {@link
 * dev.socketkit.framing.TooLongFrameException} and {@link
 * dev.socketkit.framing.CorruptFrameException}. A custom framing implements the two methods of
 * {@link dev.socketkit.framing.FrameFormat}.
 */
package dev.socketkit.framing;
