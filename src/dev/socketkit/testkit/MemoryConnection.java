package dev.socketkit.testkit;

import dev.socketkit.BufferedInput;
import dev.socketkit.BufferedOutput;
import dev.socketkit.Connection;
import dev.socketkit.SocketClosedException;
import dev.socketkit.internal.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One end of an in-memory connection pair; see {@link ConnectionPair}. */
final class MemoryConnection implements Connection {
  private static final Logger log = LoggerFactory.getLogger(MemoryConnection.class);

  private final Pipe in;
  private final Pipe out;
  private final SocketAddress local;
  private final SocketAddress remote;
  private final String ends;
  private final BufferedInput input;
  private final BufferedOutput output;
  private volatile Duration readTimeout = Duration.ZERO;
  private volatile Duration writeTimeout = Duration.ZERO;
  private volatile Instant deadline;
  private volatile boolean closed;

  MemoryConnection(Pipe in, Pipe out, SocketAddress local, SocketAddress remote) {
    this.in = in;
    this.out = out;
    this.local = local;
    this.remote = remote;
    this.ends = Errors.ends(local, remote);
    this.input = BufferedInput.of(new In(), BufferedInput.DEFAULT_BUFFER_SIZE, "read " + ends);
    this.output = BufferedOutput.of(new Out());
  }

  String ends() {
    return ends;
  }

  void ensureOpen(String op) throws SocketClosedException {
    if (closed) {
      throw Pipe.closed(op, ends);
    }
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
    return Optional.empty();
  }

  @Override
  public <T> T getOption(SocketOption<T> option) throws IOException {
    ensureOpen("getOption");
    throw new UnsupportedOperationException("getOption " + ends + ": " + option.name()
        + " (an in-memory connection supports no socket option)");
  }

  @Override
  public <T> Connection setOption(SocketOption<T> option, T value) throws IOException {
    ensureOpen("setOption");
    throw new UnsupportedOperationException("setOption " + ends + ": " + option.name()
        + " (an in-memory connection supports no socket option)");
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return Set.of();
  }

  @Override
  public Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public Connection setReadTimeout(Duration timeout) {
    this.readTimeout = check("readTimeout", timeout);
    return this;
  }

  @Override
  public Duration writeTimeout() {
    return writeTimeout;
  }

  @Override
  public Connection setWriteTimeout(Duration timeout) {
    this.writeTimeout = check("writeTimeout", timeout);
    return this;
  }

  private static Duration check(String name, Duration timeout) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(name + ": " + timeout + " (expected: >= 0)");
    }
    return timeout;
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  @Override
  public Connection setDeadline(Instant deadline) {
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    in.wake();
    out.wake();
    return this;
  }

  @Override
  public Connection clearDeadline() {
    this.deadline = null;
    return this;
  }

  @Override
  public void shutdownInput() throws IOException {
    ensureOpen("shutdownInput");
    in.readerShut();
  }

  @Override
  public void shutdownOutput() throws IOException {
    ensureOpen("shutdownOutput");
    output.flush();
    out.writerDone();
  }

  @Override
  public boolean isOpen() {
    return !closed;
  }

  /** Closes like the socket implementation does: unflushed output is discarded (and logged). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (output.buffered() > 0) {
      log.debug("close {}: discarded {} unflushed bytes", ends, output.buffered());
    }
    in.readerGone();
    out.writerDone();
  }

  @Override
  public String toString() {
    return "MemoryConnection[" + ends + (closed ? ", closed]" : "]");
  }

  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      return in.read(b, off, len, MemoryConnection.this);
    }

    @Override
    public void close() {
      MemoryConnection.this.close();
    }
  }

  private final class Out extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      out.write(b, off, len, MemoryConnection.this);
    }

    @Override
    public void close() {
      MemoryConnection.this.close();
    }
  }
}
