package dev.socketkit.framing;

import dev.socketkit.testkit.Reads;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.function.Function;

/** The ways a test delivers bytes: all at once, one byte, halves, random sizes. */
enum Splits {
  WHOLE(in -> in),
  ONE_BYTE(Reads::oneByte),
  HALVES(Reads::halves),
  RANDOM(in -> Reads.random(in, 42));

  private final Function<InputStream, InputStream> wrap;

  Splits(Function<InputStream, InputStream> wrap) {
    this.wrap = wrap;
  }

  InputStream of(byte[] bytes) {
    return wrap.apply(new ByteArrayInputStream(bytes));
  }
}
