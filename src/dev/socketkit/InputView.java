package dev.socketkit;

import java.io.IOException;
import java.io.InputStream;

/**
 * The {@link InputStream} a {@link BufferedInput} shows as {@link BufferedInput#asInputStream()}:
 * reads go through the input's buffer, {@code -1} where it has no more bytes, and closing the view
 * closes the input.
 */
final class InputView extends InputStream {
  private final BufferedInput in;

  InputView(BufferedInput in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    return in.request(1) ? in.readByte() & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return in.read(b, off, len);
  }

  @Override
  public int available() {
    return in.buffered();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
