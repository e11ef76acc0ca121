package dev.socketkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadsTest {
  private static final byte[] DATA = new byte[100];

  static {
    for (int i = 0; i < DATA.length; i++) {
      DATA[i] = (byte) i;
    }
  }

  /** Reads everything asking for 64 bytes each time; returns the size of each read. */
  private static List<Integer> readSizes(InputStream in, byte[] collected) throws IOException {
    List<Integer> sizes = new ArrayList<>();
    int total = 0;
    byte[] buf = new byte[64];
    for (int n; (n = in.read(buf, 0, 64)) >= 0; ) {
      assertThat(n).isPositive();
      System.arraycopy(buf, 0, collected, total, n);
      total += n;
      sizes.add(n);
    }
    assertThat(total).isEqualTo(collected.length);
    return sizes;
  }

  @Test
  void oneByteReturnsEveryByteSeparately() throws IOException {
    byte[] got = new byte[DATA.length];
    assertThat(readSizes(Reads.oneByte(new ByteArrayInputStream(DATA)), got)).hasSize(100)
        .containsOnly(1);
    assertThat(got).isEqualTo(DATA);
  }

  @Test
  void halvesReturnsHalfOfWhatIsAskedRoundedUp() throws IOException {
    byte[] got = new byte[DATA.length];
    assertThat(readSizes(Reads.halves(new ByteArrayInputStream(DATA)), got)).containsOnly(32, 4);
    assertThat(got).isEqualTo(DATA);
  }

  @Test
  void randomIsRepeatableForASeedAndSplitsReads() throws IOException {
    byte[] got = new byte[DATA.length];
    List<Integer> first = readSizes(Reads.random(new ByteArrayInputStream(DATA), 5), got);
    List<Integer> again = readSizes(Reads.random(new ByteArrayInputStream(DATA), 5), got);
    assertThat(first).isEqualTo(again).hasSizeGreaterThan(2);
    assertThat(got).isEqualTo(DATA);
  }

  @Test
  void zeroLengthReadReturnsZeroAndEndIsMinusOne() throws IOException {
    InputStream in = Reads.oneByte(new ByteArrayInputStream(new byte[0]));
    assertThat(in.read(new byte[4], 0, 0)).isZero();
    assertThat(in.read(new byte[4], 0, 4)).isEqualTo(-1);
  }
}
