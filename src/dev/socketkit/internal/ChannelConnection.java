package dev.socketkit.internal;

import dev.socketkit.BufferedInput;
import dev.socketkit.BufferedOutput;
import dev.socketkit.Connection;
import dev.socketkit.ConnectionOptions;
import dev.socketkit.SocketClosedException;
import dev.socketkit.TimedOutException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connection} over a {@link SocketChannel}, for TCP and Unix-domain sockets alike.
 *
 * <p>With no time limit set the channel stays in blocking mode, so a read or write is one system
 * call, exactly as with plain JDK sockets. Setting any limit switches it, once and for good, to
 * non-blocking mode, where {@link Waiter} waits with a time-out; that is the only way to bound a
 * write, or any call on a Unix-domain channel, which ignores {@code SO_TIMEOUT}.
 */
public final class ChannelConnection implements Connection {
  private static final Logger log = LoggerFactory.getLogger(ChannelConnection.class);
  static final long NONE = Long.MAX_VALUE;

  private final SocketChannel channel;
  private final SocketAddress local;
  private final SocketAddress remote;
  private final String ends;
  private final BufferedInput input;
  private final BufferedOutput output;
  private final Poller.Slot slot;
  private final Waiter readWaiter;
  private final Waiter writeWaiter;
  private final Object modeLock = new Object();

  private volatile boolean blocking;
  private volatile boolean closed;
  private volatile Duration readTimeout = Duration.ZERO;
  private volatile Duration writeTimeout = Duration.ZERO;
  private volatile Instant deadline;
  private volatile long deadlineNanos = NONE;

  private ChannelConnection(SocketChannel channel, ConnectionOptions options, Poller.Slot slot)
      throws IOException {
    this.channel = channel;
    this.blocking = channel.isBlocking();
    this.local = channel.getLocalAddress();
    this.remote = channel.getRemoteAddress();
    this.ends = Errors.ends(local, remote);
    this.slot = slot;
    this.readWaiter = new Waiter(channel, SelectionKey.OP_READ, slot);
    this.writeWaiter = new Waiter(channel, SelectionKey.OP_WRITE, slot);
    this.input = BufferedInput.of(new In(), options.bufferSize(), "read " + ends);
    this.output = BufferedOutput.of(new Out(), options.bufferSize());
    applyOptions(options.socketOptions());
    setReadTimeout(options.readTimeout());
    setWriteTimeout(options.writeTimeout());
  }

  /** Wraps a connected channel, which this connection then owns; closes it if setup fails. */
  public static Connection wrap(SocketChannel channel, ConnectionOptions options) throws IOException {
    return wrap(channel, options, new Poller.Slot(channel));
  }

  static Connection wrap(SocketChannel channel, ConnectionOptions options, Poller.Slot slot)
      throws IOException {
    try {
      return new ChannelConnection(channel, options, slot);
    } catch (IOException | RuntimeException e) {
      slot.close();
      channel.close();
      slot.released();
      throw e;
    }
  }

  /** Connects to {@code remote}, waiting at most the options' connect time-out. */
  public static Connection connect(SocketAddress remote, ConnectionOptions options) throws IOException {
    return Dial.connect(remote, options);
  }

  private void applyOptions(Map<SocketOption<?>, Object> options) throws IOException {
    for (Map.Entry<SocketOption<?>, Object> e : options.entrySet()) {
      SocketOption<?> option = e.getKey();
      if (option == StandardSocketOptions.TCP_NODELAY && local instanceof UnixDomainSocketAddress) {
        continue; // documented: the default TCP_NODELAY is skipped for Unix-domain sockets
      }
      setRaw(option, e.getValue());
    }
  }

  @SuppressWarnings("unchecked")
  private <T> void setRaw(SocketOption<T> option, Object value) throws IOException {
    setOption(option, (T) value);
  }

  @Override
  public BufferedInput input() {
    return input;
  }

  @Override
  public BufferedOutput output() {
    return output;
  }

  @Override
  public SocketAddress localAddress() {
    return local;
  }

  @Override
  public SocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public Optional<UnixDomainPrincipal> peerCredentials() {
    if (!(local instanceof UnixDomainSocketAddress)
        || !channel.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED)) {
      return Optional.empty();
    }
    try {
      return Optional.of(channel.getOption(ExtendedSocketOptions.SO_PEERCRED));
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("peer credentials of {} unavailable", ends, e);
      return Optional.empty();
    }
  }

  @Override
  public <T> T getOption(SocketOption<T> option) throws IOException {
    checkSupported(option);
    try {
      return channel.getOption(option);
    } catch (IOException e) {
      throw Errors.translate("getOption " + option.name(), ends, e);
    }
  }

  @Override
  public <T> Connection setOption(SocketOption<T> option, T value) throws IOException {
    checkSupported(option);
    try {
      channel.setOption(option, value);
    } catch (IOException e) {
      throw Errors.translate("setOption " + option.name(), ends, e);
    }
    return this;
  }

  static Duration checkTimeout(String name, Duration timeout) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(name + ": " + timeout + " (expected: >= 0)");
    }
    return timeout;
  }

  private void checkSupported(SocketOption<?> option) {
    if (!channel.supportedOptions().contains(option)) {
      throw new UnsupportedOperationException("socket option " + option.name()
          + " is not supported by " + (local instanceof UnixDomainSocketAddress ? "Unix-domain" : "TCP")
          + " connections here: " + ends);
    }
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return channel.supportedOptions();
  }

  @Override
  public Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public Connection setReadTimeout(Duration timeout) {
    readTimeout = checkTimeout("readTimeout", timeout);
    if (!timeout.isZero()) {
      useNonBlocking();
    }
    return this;
  }

  @Override
  public Duration writeTimeout() {
    return writeTimeout;
  }

  @Override
  public Connection setWriteTimeout(Duration timeout) {
    writeTimeout = checkTimeout("writeTimeout", timeout);
    if (!timeout.isZero()) {
      useNonBlocking();
    }
    return this;
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  @Override
  public Connection setDeadline(Instant deadline) {
    Objects.requireNonNull(deadline, "deadline");
    long left;
    try {
      left = Duration.between(Instant.now(), deadline).toNanos();
    } catch (ArithmeticException e) {
      left = deadline.isBefore(Instant.now()) ? Long.MIN_VALUE / 2 : NONE / 2;
    }
    this.deadlineNanos = System.nanoTime() + Math.max(Long.MIN_VALUE / 4, Math.min(left, NONE / 4));
    this.deadline = deadline;
    useNonBlocking();
    return this;
  }

  @Override
  public Connection clearDeadline() {
    this.deadline = null;
    this.deadlineNanos = NONE;
    return this;
  }

  /**
   * Switches to non-blocking mode for good. The JDK takes the channel's read and write locks for
   * this, so it waits for a read or write already blocked without a limit to return.
   */
  private void useNonBlocking() {
    if (!blocking) {
      return;
    }
    synchronized (modeLock) {
      if (blocking && !closed) {
        try {
          channel.configureBlocking(false);
          blocking = false;
        } catch (IOException e) {
          // Closed concurrently: the next call reports it.
          log.debug("{}: could not switch to non-blocking mode", ends, e);
        }
      }
    }
  }

  @Override
  public void shutdownInput() throws IOException {
    ensureOpen("shutdownInput");
    try {
      channel.shutdownInput();
    } catch (IOException e) {
      throw Errors.translate("shutdownInput", ends, e);
    }
  }

  @Override
  public void shutdownOutput() throws IOException {
    ensureOpen("shutdownOutput");
    output.flush();
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      throw Errors.translate("shutdownOutput", ends, e);
    }
  }

  @Override
  public boolean isOpen() {
    return !closed;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    synchronized (modeLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (output.buffered() > 0) {
      log.debug("close {}: discarded {} unflushed bytes", ends, output.buffered());
    }
    readWaiter.close();
    writeWaiter.close();
    slot.close();
    try {
      channel.close();
    } finally {
      slot.released();
    }
  }

  @Override
  public String toString() {
    return "Connection[" + ends + (closed ? ", closed]" : "]");
  }

  private void ensureOpen(String op) throws SocketClosedException {
    if (closed) {
      throw new SocketClosedException(op + " " + ends + ": socket closed");
    }
  }

  /** Waits for {@code waiter}'s event; returns normally when ready, throws when a limit expires. */
  private void await(Waiter waiter, String op, Duration idle, long idleStart) throws IOException {
    long now = System.nanoTime();
    long idleLeft = idle.isZero() ? NONE : saturatedNanos(idle) - (now - idleStart);
    long deadlineLeft = deadlineNanos == NONE ? NONE : deadlineNanos - now;
    if (deadlineLeft <= 0) {
      throw deadlineExpired(op);
    }
    if (idleLeft <= 0) {
      TimedOutException.Kind kind =
          op.equals("read") ? TimedOutException.Kind.READ : TimedOutException.Kind.WRITE;
      throw new TimedOutException(op + " " + ends + ": no progress for " + idle + " ("
          + kind.name().toLowerCase(java.util.Locale.ROOT) + " timeout)", kind, idle);
    }
    waiter.await(Math.min(idleLeft, deadlineLeft));
    if (closed) {
      throw new SocketClosedException(op + " " + ends + ": socket closed");
    }
  }

  static long saturatedNanos(Duration d) {
    try {
      return Math.min(d.toNanos(), NONE / 4);
    } catch (ArithmeticException e) {
      return NONE / 4;
    }
  }

  private TimedOutException deadlineExpired(String op) {
    Instant d = deadline;
    return new TimedOutException(op + " " + ends + ": deadline " + d + " passed",
        TimedOutException.Kind.DEADLINE, Duration.ZERO);
  }

  private void checkDeadline(String op) throws TimedOutException {
    long d = deadlineNanos;
    if (d != NONE && d - System.nanoTime() <= 0) {
      throw deadlineExpired(op);
    }
  }

  /** The channel as an input stream, applying the read time-out and the deadline. */
  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      ensureOpen("read");
      ByteBuffer dst = ByteBuffer.wrap(b, off, len);
      try {
        if (blocking) {
          return channel.read(dst);
        }
        long start = System.nanoTime();
        while (true) {
          checkDeadline("read");
          int n = channel.read(dst);
          if (n != 0) {
            return n;
          }
          await(readWaiter, "read", readTimeout, start);
        }
      } catch (IOException e) {
        throw Errors.translate("read", ends, e);
      } catch (java.nio.channels.ClosedSelectorException e) {
        throw Errors.closed("read", ends, e);
      }
    }

    @Override
    public void close() throws IOException {
      ChannelConnection.this.close();
    }
  }

  /** The channel as an output stream, applying the write time-out and the deadline. */
  private final class Out extends OutputStream implements GatheringByteChannel {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer[] one = {ByteBuffer.wrap(b, off, len)};
      write(one, 0, 1);
    }

    /** Writes every remaining byte of the buffers, in one system call when the socket takes them. */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      ensureOpen("write");
      long wanted = 0;
      for (int i = offset; i < offset + length; i++) {
        wanted += srcs[i].remaining();
      }
      long total = 0;
      try {
        long progress = System.nanoTime();
        while (total < wanted) {
          if (blocking) {
            total += channel.write(srcs, offset, length);
            continue;
          }
          checkDeadline("write");
          long n = channel.write(srcs, offset, length);
          if (n > 0) {
            total += n;
            progress = System.nanoTime();
          } else {
            await(writeWaiter, "write", writeTimeout, progress);
          }
        }
        return total;
      } catch (IOException e) {
        throw Errors.translate("write", ends, e);
      } catch (java.nio.channels.ClosedSelectorException e) {
        throw Errors.closed("write", ends, e);
      }
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
      return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public boolean isOpen() {
      return !closed;
    }

    @Override
    public void close() throws IOException {
      ChannelConnection.this.close();
    }
  }
}
