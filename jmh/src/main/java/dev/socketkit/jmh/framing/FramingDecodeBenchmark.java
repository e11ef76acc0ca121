package dev.socketkit.jmh.framing;

import dev.socketkit.BufferedInput;
import dev.socketkit.jmh.netty.NettyTuning;
import dev.socketkit.framing.FrameDecoder;
import dev.socketkit.framing.FrameReader;
import dev.socketkit.framing.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32FrameDecoder;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Framing decode: one operation decodes 1 MiB of payload in frames of {@code frameSize} bytes
 * (16,384 frames of 64 B, 1,024 of 1 KiB, 16 of 64 KiB), delivered in 1,460-byte segments or in
 * random pieces of 1 to 4,096 bytes. Payload bytes/s = ops/s × 2^20; allocation per frame =
 * {@code gc.alloc.rate.norm} / frames (run with {@code -prof gc}). Every reader and decoder lives
 * for the whole trial, as it would on a connection (the Netty pipeline does too), reading an
 * endless replay of the same stream, so the figures hold no per-operation set-up.
 *
 * <p>Side by side on the same bytes: socketkit's {@link FrameReader} returning a new array per
 * frame ({@link #socketkit}) and reading into the caller's buffer ({@link #socketkitIntoBuffer});
 * its incremental {@link FrameDecoder}, returning arrays ({@link #socketkitDecoder}) and views of
 * its buffer ({@link #socketkitDecoderView}); the same framings written by hand over {@link
 * BufferedInput}; a plain {@link
 * DataInputStream} over a {@link BufferedInputStream}; and Netty's decoder for the framing ({@code
 * LengthFieldBasedFrameDecoder}, {@code ProtobufVarint32FrameDecoder}, {@code
 * LineBasedFrameDecoder}, {@code FixedLengthFrameDecoder}), fed each piece in a pooled buffer as
 * its NIO transport would, with a last handler that consumes and releases each frame ({@link
 * #netty}: a pooled slice, no copy) or first copies it into a new array with {@code
 * ByteBufUtil.getBytes} ({@link #nettyCopy}), what a Netty user who needs the frame as an owned
 * {@code byte[]} does: the like-for-like peer of the array-returning {@link #socketkit} and {@link
 * #socketkitDecoder}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FramingDecodeBenchmark {
  static {
    NettyTuning.apply();
  }

  /** Payload bytes per operation. */
  public static final int PAYLOAD_PER_OP = 1 << 20;

  /** {@code length4}, {@code varint}, {@code lines} or {@code fixed}. */
  @Param({"length4", "varint", "lines", "fixed"})
  public String framing;

  /** Payload bytes per frame. */
  @Param({"64", "1024", "65536"})
  public int frameSize;

  /** {@code segments} (1,460 bytes) or {@code random} (1..4,096 bytes). */
  @Param({"segments", "random"})
  public String delivery;

  private FrameLayout f;
  private int frames;
  private byte[] stream;
  private Pieces pieces;
  private byte[] into;
  private ByteBuffer intoBuffer;
  private Framing library;
  private FrameDecoder decoder;
  private FrameDecoder viewDecoder;
  private FrameReader reader;
  private FrameReader intoReader;
  private BufferedInput byHand;
  private BufferedInput byHandInto;
  private DataInputStream jdk;
  private EmbeddedChannel netty;
  private EmbeddedChannel nettyCopy;
  private ByteBufAllocator alloc;
  private Blackhole sink;

  /**
   * Builds the stream, the pieces and the Netty pipeline.
   *
   * @param bh where Netty's last handler sends each frame
   */
  @Setup(Level.Trial)
  public void setUp(Blackhole bh) {
    f = FrameLayout.parse(framing);
    frames = PAYLOAD_PER_OP / frameSize;
    stream = f.stream(frames, frameSize);
    pieces = Pieces.of(delivery, stream.length);
    into = new byte[frameSize];
    intoBuffer = ByteBuffer.wrap(into);
    library = LibraryFraming.of(f, frameSize);
    decoder = FrameDecoder.of(library);
    viewDecoder = FrameDecoder.of(library);
    reader = FrameReader.of(BufferedInput.of(pieces.replaying(stream)), library);
    intoReader = FrameReader.of(BufferedInput.of(pieces.replaying(stream)), library);
    byHand = BufferedInput.of(pieces.replaying(stream));
    byHandInto = BufferedInput.of(pieces.replaying(stream));
    jdk = new DataInputStream(new BufferedInputStream(pieces.replaying(stream), 8192));
    sink = bh;
    alloc = PooledByteBufAllocator.DEFAULT;
    netty = new EmbeddedChannel(nettyDecoder(), new Consume(false));
    nettyCopy = new EmbeddedChannel(nettyDecoder(), new Consume(true));
  }

  private ChannelHandler nettyDecoder() {
    switch (f) {
      case LENGTH4:
        return new LengthFieldBasedFrameDecoder(Integer.MAX_VALUE, 0, 4, 0, 4);
      case VARINT:
        return new ProtobufVarint32FrameDecoder();
      case LINES:
        return new LineBasedFrameDecoder(frameSize + 1, true, true);
      default:
        return new FixedLengthFrameDecoder(frameSize);
    }
  }

  /** Closes the Netty channels. */
  @TearDown(Level.Trial)
  public void tearDown() {
    netty.finishAndReleaseAll();
    nettyCopy.finishAndReleaseAll();
  }

  /** Netty's last handler: hands the frame (or a copy of it) to the blackhole and releases it. */
  final class Consume extends ChannelInboundHandlerAdapter {
    private final boolean copy;

    Consume(boolean copy) {
      this.copy = copy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf frame = (ByteBuf) msg;
      if (copy) {
        sink.consume(ByteBufUtil.getBytes(frame));
      } else {
        sink.consume(frame.getByte(frame.readerIndex()));
      }
      frame.release();
    }
  }

  /**
   * socketkit's {@link FrameReader} over a {@link BufferedInput}: each payload in a new array.
   *
   * @param bh the blackhole
   * @return frames decoded
   * @throws IOException never, the input is in memory
   */
  @Benchmark
  public int socketkit(Blackhole bh) throws IOException {
    for (int i = 0; i < frames; i++) {
      bh.consume(reader.read());
    }
    return frames;
  }

  /**
   * socketkit's {@link FrameReader}, each payload read into the caller's buffer: no allocation per
   * frame.
   *
   * @param bh the blackhole
   * @return frames decoded
   * @throws IOException never, the input is in memory
   */
  @Benchmark
  public int socketkitIntoBuffer(Blackhole bh) throws IOException {
    for (int i = 0; i < frames; i++) {
      intoBuffer.clear();
      intoReader.read(intoBuffer);
      bh.consume(into[0]);
    }
    return frames;
  }

  /**
   * socketkit's incremental {@link FrameDecoder}, fed each piece as it arrives (the form for
   * non-blocking code): each payload in a new array.
   *
   * @param bh the blackhole
   * @return frames decoded
   * @throws IOException if a frame is malformed (never: the input is well formed)
   */
  @Benchmark
  public int socketkitDecoder(Blackhole bh) throws IOException {
    int n = 0;
    int off = 0;
    for (int size : pieces.sizes()) {
      decoder.feed(stream, off, size);
      off += size;
      for (byte[] p = decoder.read(); p != null; p = decoder.read()) {
        bh.consume(p);
        n++;
      }
    }
    return n;
  }

  /**
   * socketkit's incremental {@link FrameDecoder}, each payload handed out as a view of the
   * decoder's buffer: no allocation per frame.
   *
   * @param bh the blackhole
   * @return frames decoded
   * @throws IOException if a frame is malformed (never: the input is well formed)
   */
  @Benchmark
  public int socketkitDecoderView(Blackhole bh) throws IOException {
    int n = 0;
    int off = 0;
    for (int size : pieces.sizes()) {
      viewDecoder.feed(stream, off, size);
      off += size;
      for (ByteBuffer p = viewDecoder.readView(); p != null; p = viewDecoder.readView()) {
        bh.consume(p.get(p.position()));
        n++;
      }
    }
    return n;
  }

  /**
   * Frames read by hand over the core {@link BufferedInput} (no framing API): a new array each.
   *
   * @param bh the blackhole
   * @return frames decoded
   * @throws IOException never, the input is in memory
   */
  @Benchmark
  public int bufferedInputByHand(Blackhole bh) throws IOException {
    for (int i = 0; i < frames; i++) {
      bh.consume(SocketkitFrames.read(f, byHand, frameSize));
    }
    return frames;
  }

  /**
   * Frames read by hand over the core {@link BufferedInput}, into the caller's array.
   *
   * @param bh the blackhole
   * @return frames decoded
   * @throws IOException never, the input is in memory
   */
  @Benchmark
  public int bufferedInputByHandIntoBuffer(Blackhole bh) throws IOException {
    for (int i = 0; i < frames; i++) {
      bh.consume(SocketkitFrames.readInto(f, byHandInto, frameSize, into));
      bh.consume(into[0]);
    }
    return frames;
  }

  /**
   * The plain-JDK baseline: {@link DataInputStream} over an 8 KiB {@link BufferedInputStream}, a
   * new array per frame.
   *
   * @param bh the blackhole
   * @return frames decoded
   * @throws IOException never, the input is in memory
   */
  @Benchmark
  public int dataInputStream(Blackhole bh) throws IOException {
    for (int i = 0; i < frames; i++) {
      bh.consume(JdkFrames.read(f, jdk, frameSize));
    }
    return frames;
  }

  /**
   * Netty's decoder for the framing, each piece in a pooled heap buffer as NIO reads would give it.
   *
   * @return pieces delivered
   */
  @Benchmark
  public int netty() {
    return feed(netty);
  }

  /**
   * Netty's decoder as in {@link #netty}, each frame copied into a new {@code byte[]} before it is
   * released: the peer of socketkit's array-returning reads.
   *
   * @return pieces delivered
   */
  @Benchmark
  public int nettyCopy() {
    return feed(nettyCopy);
  }

  /** Delivers one operation's pieces to a Netty pipeline, each in a pooled heap buffer. */
  private int feed(EmbeddedChannel channel) {
    ChannelPipeline p = channel.pipeline();
    int off = 0;
    int[] sizes = pieces.sizes();
    for (int size : sizes) {
      ByteBuf buf = alloc.heapBuffer(size);
      buf.writeBytes(stream, off, size);
      off += size;
      p.fireChannelRead(buf);
      p.fireChannelReadComplete();
    }
    return sizes.length;
  }

  /** The plain-JDK frame readers: what code without a library writes over {@link DataInputStream}. */
  static final class JdkFrames {
    private JdkFrames() {}

    static byte[] read(FrameLayout f, DataInputStream in, int fixedSize) throws IOException {
      int first = in.read();
      if (first < 0) {
        return null;
      }
      byte[] p;
      switch (f) {
        case LENGTH4:
          int len = first << 24 | in.readUnsignedByte() << 16 | in.readUnsignedShort();
          p = new byte[len];
          in.readFully(p);
          return p;
        case VARINT:
          int v = first & 0x7f;
          for (int shift = 7, b = first; (b & 0x80) != 0; shift += 7) {
            b = in.readUnsignedByte();
            v |= (b & 0x7f) << shift;
          }
          p = new byte[v];
          in.readFully(p);
          return p;
        case LINES:
          byte[] line = new byte[128];
          int n = 0;
          for (int b = first; b != '\n'; b = in.read()) {
            if (b < 0) {
              throw new EOFException("end of stream inside a line after " + n + " bytes");
            }
            if (n == line.length) {
              line = java.util.Arrays.copyOf(line, n * 2);
            }
            line[n++] = (byte) b;
          }
          return java.util.Arrays.copyOf(line, n);
        default:
          p = new byte[fixedSize];
          p[0] = (byte) first;
          in.readFully(p, 1, fixedSize - 1);
          return p;
      }
    }
  }
}
