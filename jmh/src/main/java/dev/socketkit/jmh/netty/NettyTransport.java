package dev.socketkit.jmh.netty;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;
import java.util.Locale;

/**
 * The Netty transports the peer runs on, each named as the benchmarks' {@code server} parameter
 * takes it: {@code netty-nio}, {@code netty-epoll}, {@code netty-iouring}.
 */
public enum NettyTransport {
  /** The JDK's selector (Netty's portable transport); Unix-domain sockets through JDK 16+ channels. */
  NIO,
  /** Netty's native epoll transport (its library ships in the jar), edge-triggered. */
  EPOLL,
  /** Netty's native io_uring transport (4.2), where the kernel allows it. */
  IOURING;

  static {
    NettyTuning.apply(); // before Epoll or IoUring load Netty's platform classes
  }

  /** The peer names, in the order charts show them. */
  public static final List<String> NAMES = List.of("netty-nio", "netty-epoll", "netty-iouring");

  /**
   * Returns the transport a peer name asks for.
   *
   * @param name {@code netty-nio}, {@code netty-epoll} or {@code netty-iouring}
   * @return the transport
   * @throws IllegalArgumentException for any other name
   */
  public static NettyTransport ofPeer(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("not a Netty peer: " + name + " (expected one of " + NAMES + ")");
    }
    return valueOf(name.substring("netty-".length()).toUpperCase(Locale.ROOT));
  }

  /**
   * Returns this transport's peer name.
   *
   * @return for example {@code netty-epoll}
   */
  public String peerName() {
    return NAMES.get(ordinal());
  }

  /**
   * Says why this transport cannot run here, or returns null if it can: the native library did not
   * load, or (io_uring) the kernel refuses {@code io_uring_setup}, as kernels with io_uring
   * disabled ({@code kernel.io_uring_disabled}) or containers that filter the system call do.
   *
   * @return the reason, or null
   */
  public String unavailability() {
    Throwable cause;
    switch (this) {
      case EPOLL: cause = Epoll.isAvailable() ? null : Epoll.unavailabilityCause(); break;
      case IOURING: cause = IoUring.isAvailable() ? null : IoUring.unavailabilityCause(); break;
      default: return null;
    }
    return cause == null ? null : peerName() + " is skipped: Netty's " + (this == IOURING ? "io_uring" : "epoll")
        + " transport is not available on this machine (" + cause + ")";
  }

  /**
   * Throws if this transport cannot run here.
   *
   * @throws IllegalStateException with {@link #unavailability()} as its message
   */
  public void ensureAvailable() {
    String why = unavailability();
    if (why != null) {
      throw new IllegalStateException(why);
    }
  }

  IoHandlerFactory ioHandler() {
    switch (this) {
      case EPOLL: return EpollIoHandler.newFactory();
      case IOURING: return IoUringIoHandler.newFactory();
      default: return NioIoHandler.newFactory();
    }
  }

  Class<? extends ServerChannel> serverChannel(boolean tcp) {
    switch (this) {
      case EPOLL: return tcp ? EpollServerSocketChannel.class : EpollServerDomainSocketChannel.class;
      case IOURING: return tcp ? IoUringServerSocketChannel.class : IoUringServerDomainSocketChannel.class;
      default: return tcp ? NioServerSocketChannel.class : NioServerDomainSocketChannel.class;
    }
  }

  /** The address in the form this transport binds: the native ones take Netty's own Unix address. */
  SocketAddress address(SocketAddress a) {
    if (this != NIO && a instanceof UnixDomainSocketAddress) {
      return new DomainSocketAddress(((UnixDomainSocketAddress) a).getPath().toString());
    }
    return a;
  }
}
