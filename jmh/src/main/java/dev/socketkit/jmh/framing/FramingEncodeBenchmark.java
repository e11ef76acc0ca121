package dev.socketkit.jmh.framing;

import dev.socketkit.BufferedOutput;
import dev.socketkit.framing.FrameWriter;
import dev.socketkit.framing.Framing;
import dev.socketkit.jmh.netty.NettyTuning;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.ReferenceCountUtil;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Length-prefixed (4-byte) encode: one operation writes 1 MiB of payload in frames of {@code
 * frameSize} bytes to a sink that copies every byte into a scratch array, as a socket write copies
 * into the kernel (a sink that did nothing would let large writes cost nothing), flushing at the
 * end: socketkit's {@link FrameWriter}, the same by hand over {@link BufferedOutput}, a {@link
 * DataOutputStream} over a {@link BufferedOutputStream}, and Netty's {@link LengthFieldPrepender} on
 * an embedded channel (its output buffers copied out and released as they come).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FramingEncodeBenchmark {
  static {
    NettyTuning.apply();
  }

  /** Payload bytes per frame. */
  @Param({"64", "1024", "65536"})
  public int frameSize;

  private byte[] payload;
  private Framing framing;
  private int frames;
  private EmbeddedChannel netty;
  private final CopyingSink discard = new CopyingSink();

  /** Builds the payload and the Netty pipeline. */
  @Setup(Level.Trial)
  public void setUp() {
    payload = FrameLayout.LINES.stream(1, frameSize);
    frames = FramingDecodeBenchmark.PAYLOAD_PER_OP / frameSize;
    framing = LibraryFraming.of(FrameLayout.LENGTH4, frameSize);
    netty = new EmbeddedChannel(new LengthFieldPrepender(4));
  }

  /** Closes the Netty channel. */
  @TearDown(Level.Trial)
  public void tearDown() {
    netty.finishAndReleaseAll();
  }

  /**
   * socketkit's {@link FrameWriter} over a {@link BufferedOutput}.
   *
   * @return frames written, plus the sink's checksum so that no copy is optimised away
   * @throws IOException never
   */
  @Benchmark
  public int socketkit() throws IOException {
    FrameWriter out = FrameWriter.of(BufferedOutput.of(discard), framing);
    for (int i = 0; i < frames; i++) {
      out.write(payload, 0, frameSize);
    }
    out.flush();
    return frames + discard.checksum();
  }

  /**
   * By hand over the core {@link BufferedOutput}: {@code writeInt} and {@code write}.
   *
   * @return frames written, plus the sink's checksum so that no copy is optimised away
   * @throws IOException never
   */
  @Benchmark
  public int bufferedOutputByHand() throws IOException {
    BufferedOutput out = BufferedOutput.of(discard);
    for (int i = 0; i < frames; i++) {
      out.writeInt(frameSize).write(payload, 0, frameSize);
    }
    out.flush();
    return frames + discard.checksum();
  }

  /**
   * The plain-JDK baseline: {@link DataOutputStream} over an 8 KiB {@link BufferedOutputStream}.
   *
   * @return frames written, plus the sink's checksum so that no copy is optimised away
   * @throws IOException never
   */
  @Benchmark
  public int dataOutputStream() throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(discard, 8192));
    for (int i = 0; i < frames; i++) {
      out.writeInt(frameSize);
      out.write(payload, 0, frameSize);
    }
    out.flush();
    return frames + discard.checksum();
  }

  /**
   * Netty: the payload wrapped (no copy) and written through {@link LengthFieldPrepender}.
   *
   * @return frames written, plus the sink's checksum so that no copy is optimised away
   */
  @Benchmark
  public int netty() {
    for (int i = 0; i < frames; i++) {
      ByteBuf frame = Unpooled.wrappedBuffer(payload, 0, frameSize);
      netty.write(frame);
    }
    netty.flush();
    for (Object m = netty.readOutbound(); m != null; m = netty.readOutbound()) {
      ByteBuf b = (ByteBuf) m;
      discard.take(b);
      ReferenceCountUtil.release(b);
    }
    return frames + discard.checksum();
  }

  /** Copies what it is given into a 64 KiB scratch array, the stand-in for the kernel's copy. */
  static final class CopyingSink extends OutputStream {
    private final byte[] scratch = new byte[65536];
    private int checksum;

    @Override
    public void write(int b) {
      checksum += b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      for (int done = 0; done < len; ) {
        int n = Math.min(scratch.length, len - done);
        System.arraycopy(b, off + done, scratch, 0, n);
        checksum += scratch[n - 1];
        done += n;
      }
    }

    void take(ByteBuf b) {
      while (b.isReadable()) {
        int n = Math.min(scratch.length, b.readableBytes());
        b.readBytes(scratch, 0, n);
        checksum += scratch[n - 1];
      }
    }

    /** Returns a value that depends on every copy, so none can be optimised away. */
    int checksum() {
      return checksum;
    }
  }
}
