package dev.socketkit.jmh.framing;

import dev.socketkit.framing.Framing;

/** The library's {@link Framing} for each layout measured, with room for the 64 KiB frames. */
final class LibraryFraming {
  private LibraryFraming() {}

  static Framing of(FrameLayout layout, int frameSize) {
    Framing f;
    switch (layout) {
      case LENGTH4:
        f = Framing.lengthPrefixed().fieldBytes(4).build();
        break;
      case VARINT:
        f = Framing.lengthPrefixed().varint().build();
        break;
      case LINES:
        f = Framing.lines();
        break;
      default:
        f = Framing.fixedLength(frameSize);
    }
    return f.withMaxFrameBytes(Math.max(f.maxFrameBytes(), frameSize + 2));
  }
}
