package dev.socketkit.jmh.netty;

import dev.socketkit.jmh.Transport;
import dev.socketkit.jmh.Wire;
import dev.socketkit.jmh.server.RunningServer;
import dev.socketkit.jmh.server.Sessions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.io.Closeable;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Netty 4.2 peer, tuned the way a Netty user who chose it for speed would run it, on one of
 * three transports ({@link NettyTransport}): NIO, native epoll and native io_uring, each for TCP and
 * for Unix-domain sockets. 4.2's own API: {@link MultiThreadIoEventLoopGroup} with the transport's
 * {@code IoHandler} factory.
 *
 * <p>What it does and why:
 *
 * <ul>
 *   <li><b>Framing</b>: {@link LengthFieldBasedFrameDecoder}, Netty's own codec for this wire
 *       format.
 *   <li><b>Threads</b>: one acceptor event loop and Netty's default number of I/O event loops (two
 *       per CPU). One per CPU was tried too: in 16-connection ping-pong on 2 CPUs, 2, 4 and 16
 *       loops differed by less than the machine's noise, so Netty's default stays.
 *   <li><b>Allocator</b>: 4.2's default, the adaptive pooling allocator ({@link NettyTuning}
 *       says what was tried); echo and churn replies are {@code ioBuffer}s, direct where the
 *       transport wants them.
 *   <li><b>Echo</b>: each frame is copied into a fresh pooled buffer and the decoder's slice
 *       released, so the decoder's cumulation buffer can be reused (writing back retained slices
 *       pins it). Writes are flushed when {@link #FLUSH_BYTES} are pending, and at the end of each
 *       read burst ({@code channelReadComplete}) as in Netty's echo example. The example's "flush
 *       only in {@code channelReadComplete}" alone is what made the 4.2 peer measure 0.27&times;
 *       raw JDK in bulk: a read burst is up to 16 reads of 64 KiB, so with 1 MiB in flight the
 *       server read the whole window before writing any of it back, and the two directions took
 *       turns instead of overlapping (the syscall trace showed 16 reads, then one 1 MiB {@code
 *       writev}); whether a burst took the whole window depended on timing, so runs swung between
 *       fast and 4&times; slower. Flushing every 64 KiB keeps small frames batched per burst
 *       (ping-pong sends one frame per read anyway) and lets big ones stream.
 *   <li>Leak detection off and, on JDK 25+ (where 4.2 stops using it by default), {@code
 *       sun.misc.Unsafe} back on ({@link NettyTuning}); TCP_NODELAY on; the benchmarks' backlog.
 * </ul>
 */
public final class NettyServer implements RunningServer {
  static {
    NettyTuning.apply();
  }

  /** Bytes of echoed frames written but not flushed after which the echo handler flushes. */
  public static final int FLUSH_BYTES = 64 * 1024;

  private final NettyTransport flavour;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel echoChannel;
  private final Channel churnChannel;
  private final SocketAddress echo;
  private final SocketAddress churn;
  private final Sessions sessions = new Sessions();

  private NettyServer(NettyTransport flavour, Transport transport, SocketAddress echoAt,
      SocketAddress churnAt, int workerCount, int backlog) throws InterruptedException {
    this.flavour = flavour;
    boss = new MultiThreadIoEventLoopGroup(1, flavour.ioHandler());
    workers = new MultiThreadIoEventLoopGroup(workerCount, flavour.ioHandler()); // 0: Netty's default
    try {
      boolean tcp = transport == Transport.TCP;
      echoChannel = bootstrap(tcp, backlog, Echo::new).bind(flavour.address(echoAt)).sync().channel();
      churnChannel = bootstrap(tcp, backlog, () -> Churn.INSTANCE).bind(flavour.address(churnAt)).sync().channel();
    } catch (RuntimeException | InterruptedException e) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
    echo = jdk(echoChannel.localAddress());
    churn = jdk(churnChannel.localAddress());
  }

  /**
   * Binds both services.
   *
   * @param flavour NIO, epoll or io_uring
   * @param transport TCP or Unix-domain
   * @param echoAt the echo address
   * @param churnAt the churn address
   * @param workerCount I/O event loops, 0 for Netty's default (two per CPU)
   * @param backlog the listen backlog
   * @return the running server
   * @throws InterruptedException if interrupted while binding
   * @throws IllegalStateException if the transport's native library or the kernel refuses it
   */
  public static NettyServer start(NettyTransport flavour, Transport transport, SocketAddress echoAt,
      SocketAddress churnAt, int workerCount, int backlog) throws InterruptedException {
    flavour.ensureAvailable();
    return new NettyServer(flavour, transport, echoAt, churnAt, workerCount, backlog);
  }

  private ServerBootstrap bootstrap(boolean tcp, int backlog, Supplier<ChannelHandler> service) {
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(flavour.serverChannel(tcp))
        .option(ChannelOption.SO_BACKLOG, backlog)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            Closeable handle = ch::close;
            sessions.opened(handle);
            ch.closeFuture().addListener(f -> sessions.closed(handle));
            ch.pipeline().addLast(
                new LengthFieldBasedFrameDecoder(Wire.HEADER + Wire.MAX_PAYLOAD, 0, Wire.HEADER, 0, 0),
                service.get());
          }
        });
    if (tcp) {
      b.childOption(ChannelOption.TCP_NODELAY, true);
    }
    // End of stream: flush what is pending, then close (see closeAtEndOfInput). NIO's Unix-domain
    // channel has no half-closure (it closes after the read burst's channelReadComplete anyway).
    if (tcp || flavour != NettyTransport.NIO) {
      b.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }
    return b;
  }

  /**
   * Flushes and closes once the client has ended its stream: with half-closure allowed, Netty
   * tells the handler instead of closing at once, which (io_uring) could otherwise happen before
   * the last read burst's {@code channelReadComplete} flushed the echoes of its frames.
   */
  static boolean closeAtEndOfInput(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ChannelInputShutdownEvent) {
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return true;
    }
    return false;
  }

  private static SocketAddress jdk(SocketAddress a) {
    return a instanceof DomainSocketAddress ? UnixDomainSocketAddress.of(((DomainSocketAddress) a).path()) : a;
  }

  @Override
  public SocketAddress echoAddress() {
    return echo;
  }

  @Override
  public SocketAddress churnAddress() {
    return churn;
  }

  @Override
  public String shutdown() {
    long t0 = System.nanoTime();
    echoChannel.close().syncUninterruptibly();
    churnChannel.close().syncUninterruptibly();
    int open = sessions.closeAll();
    boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    return sessions.report(flavour.peerName(), open, System.nanoTime() - t0);
  }

  /**
   * Echo, one per channel: copy each frame (header included) into a new pooled buffer, release
   * the slice; flush once {@link #FLUSH_BYTES} are pending and at the end of each read burst.
   */
  static final class Echo extends ChannelInboundHandlerAdapter {
    private int pending;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf frame = (ByteBuf) msg;
      int n = frame.readableBytes();
      try {
        ctx.write(ctx.alloc().ioBuffer(n).writeBytes(frame), ctx.voidPromise());
      } finally {
        frame.release();
      }
      pending += n;
      if (pending >= FLUSH_BYTES) {
        pending = 0;
        ctx.flush();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (pending > 0) {
        pending = 0;
        ctx.flush();
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (!closeAtEndOfInput(ctx, event)) {
        ctx.fireUserEventTriggered(event);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** Churn: a 4-byte count in, one frame of that many bytes out. */
  @ChannelHandler.Sharable
  static final class Churn extends ChannelInboundHandlerAdapter {
    static final Churn INSTANCE = new Churn();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf frame = (ByteBuf) msg;
      int count;
      try {
        if (frame.readableBytes() != Wire.HEADER + 4) {
          ctx.close();
          return;
        }
        count = frame.getInt(Wire.HEADER);
      } finally {
        frame.release();
      }
      if (!Wire.acceptable(count)) {
        ctx.close();
        return;
      }
      ctx.write(ctx.alloc().ioBuffer(Wire.HEADER + count).writeInt(count).writeBytes(Wire.filler(), 0, count),
          ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (!closeAtEndOfInput(ctx, event)) {
        ctx.fireUserEventTriggered(event);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
