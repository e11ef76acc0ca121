package dev.socketkit.framing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;

/** Strict charset coding of whole frames: malformed or unmappable input is an error. */
final class Text {
  private Text() {}

  static String decode(byte[] frame, Charset charset) throws CorruptFrameException {
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(frame);
    try {
      return decoder.decode(in).toString();
    } catch (CharacterCodingException e) {
      throw new CorruptFrameException("frame of " + frame.length + " bytes is not valid "
          + charset.name() + " at byte " + in.position() + ": " + e.getMessage(), e);
    }
  }

  static byte[] encode(CharSequence text, Charset charset) {
    CharsetEncoder encoder = charset.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer in = CharBuffer.wrap(text);
    try {
      ByteBuffer out = encoder.encode(in);
      byte[] bytes = new byte[out.remaining()];
      out.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("text cannot be encoded in " + charset.name()
          + " at char " + in.position() + ": " + e.getMessage(), e);
    }
  }
}
