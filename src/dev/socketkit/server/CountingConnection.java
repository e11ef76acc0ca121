package dev.socketkit.server;

import dev.socketkit.BufferedInput;
import dev.socketkit.BufferedOutput;
import dev.socketkit.Connection;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import jdk.net.UnixDomainPrincipal;

/**
 * A connection that counts the bytes its handler reads and sends, per session and per server.
 * Its buffers sit over the wrapped connection's buffers; everything else is delegated.
 */
final class CountingConnection implements Connection {
  private final Connection inner;
  private final BufferedInput input;
  private final BufferedOutput output;
  final AtomicLong bytesIn = new AtomicLong();
  final AtomicLong bytesOut = new AtomicLong();

  CountingConnection(Connection inner, int bufferSize, LongAdder serverIn, LongAdder serverOut) {
    this.inner = inner;
    String ends = inner.localAddress() + "->" + inner.remoteAddress();
    this.input = BufferedInput.of(new FilterInputStream(inner.input().asInputStream()) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count(1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          count(n);
        }
        return n;
      }

      private void count(int n) {
        bytesIn.addAndGet(n);
        serverIn.add(n);
      }
    }, bufferSize, "read " + ends);
    this.output = BufferedOutput.of(new FilterOutputStream(inner.output().asOutputStream()) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        count(1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count(len);
      }

      private void count(int n) {
        bytesOut.addAndGet(n);
        serverOut.add(n);
      }
    }, Math.max(16, bufferSize));
  }

  /** The connection this one wraps. */
  Connection inner() {
    return inner;
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
    return inner.localAddress();
  }

  @Override
  public SocketAddress remoteAddress() {
    return inner.remoteAddress();
  }

  @Override
  public Optional<UnixDomainPrincipal> peerCredentials() {
    return inner.peerCredentials();
  }

  @Override
  public <T> T getOption(SocketOption<T> option) throws IOException {
    return inner.getOption(option);
  }

  @Override
  public <T> Connection setOption(SocketOption<T> option, T value) throws IOException {
    inner.setOption(option, value);
    return this;
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return inner.supportedOptions();
  }

  @Override
  public Duration readTimeout() {
    return inner.readTimeout();
  }

  @Override
  public Connection setReadTimeout(Duration timeout) {
    inner.setReadTimeout(timeout);
    return this;
  }

  @Override
  public Duration writeTimeout() {
    return inner.writeTimeout();
  }

  @Override
  public Connection setWriteTimeout(Duration timeout) {
    inner.setWriteTimeout(timeout);
    return this;
  }

  @Override
  public Optional<Instant> deadline() {
    return inner.deadline();
  }

  @Override
  public Connection setDeadline(Instant deadline) {
    inner.setDeadline(deadline);
    return this;
  }

  @Override
  public Connection clearDeadline() {
    inner.clearDeadline();
    return this;
  }

  @Override
  public void shutdownInput() throws IOException {
    inner.shutdownInput();
  }

  @Override
  public void shutdownOutput() throws IOException {
    if (inner.isOpen()) {
      output.flush();
    }
    inner.shutdownOutput();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  /** Closes without flushing, like the connections {@code Listener.accept()} returns. */
  @Override
  public void close() throws IOException {
    inner.close();
  }

  @Override
  public String toString() {
    return "CountingConnection{" + inner + "}";
  }
}
