package dev.socketkit;

import dev.socketkit.internal.Checks;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable settings for a connection that is opened by connecting: connect time-out, time limits,
 * buffer size and socket options, used by {@link Connection#connect(java.net.SocketAddress,
 * ConnectionOptions)} and {@link Connection#of(dev.socketkit.spi.Transport, ConnectionOptions)}
 * (accepted connections take theirs from {@link ListenOptions}).
 *
 * <p>Defaults, each chosen to be safe and documented on its accessor: connect time-out 10 s; no
 * read time-out, no write time-out (a zero {@link Duration} always means "no limit"); 8 KiB
 * buffers; {@code TCP_NODELAY} on for TCP, because output is buffered and flushed explicitly, so
 * Nagle's algorithm would only add latency.
 *
 * <pre>{@code
 * ConnectionOptions options = ConnectionOptions.builder()
 *     .connectTimeout(Duration.ofSeconds(2))
 *     .readTimeout(Duration.ofSeconds(30))
 *     .option(StandardSocketOptions.SO_KEEPALIVE, true)
 *     .build();
 * }</pre>
 */
public final class ConnectionOptions {
  private static final ConnectionOptions DEFAULTS = new Builder().build();

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration writeTimeout;
  private final int bufferSize;
  private final Map<SocketOption<?>, Object> socketOptions;

  private ConnectionOptions(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.writeTimeout = b.writeTimeout;
    this.bufferSize = b.bufferSize;
    this.socketOptions = Collections.unmodifiableMap(new LinkedHashMap<>(b.socketOptions));
  }

  /**
   * Returns the default options.
   *
   * @return the shared default instance
   */
  public static ConnectionOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder that starts from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from these options.
   *
   * @return a new builder holding a copy of these options
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.writeTimeout = writeTimeout;
    b.bufferSize = bufferSize;
    b.socketOptions.clear();
    b.socketOptions.putAll(socketOptions);
    return b;
  }

  /**
   * Returns how long a connect may take before it fails with {@link TimedOutException.Kind#CONNECT};
   * default 10 seconds; zero means no limit beyond the operating system's.
   *
   * @return the connect time-out
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Returns how long a read may wait without receiving a byte before it fails with {@link
   * TimedOutException.Kind#READ}; default zero, meaning no limit.
   *
   * @return the read time-out
   */
  public Duration readTimeout() {
    return readTimeout;
  }

  /**
   * Returns how long a write may wait without the peer accepting a byte before it fails with
   * {@link TimedOutException.Kind#WRITE}; default zero, meaning no limit.
   *
   * @return the write time-out
   */
  public Duration writeTimeout() {
    return writeTimeout;
  }

  /**
   * Returns the size of the input and output buffers in bytes; default 8192.
   *
   * @return the buffer size
   */
  public int bufferSize() {
    return bufferSize;
  }

  /**
   * Returns the socket options applied when the connection opens, in the order they were set;
   * by default only {@code TCP_NODELAY = true}, which is skipped for Unix-domain sockets.
   *
   * @return an unmodifiable map from option to value
   */
  public Map<SocketOption<?>, Object> socketOptions() {
    return socketOptions;
  }

  @Override
  public String toString() {
    return "ConnectionOptions{connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
        + ", writeTimeout=" + writeTimeout + ", bufferSize=" + bufferSize
        + ", socketOptions=" + socketOptions + "}";
  }

  /** A mutable builder of {@link ConnectionOptions}; validates each value as it is set. */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ZERO;
    private Duration writeTimeout = Duration.ZERO;
    private int bufferSize = BufferedOutput.DEFAULT_BUFFER_SIZE;
    private final Map<SocketOption<?>, Object> socketOptions = new LinkedHashMap<>();

    private Builder() {
      socketOptions.put(StandardSocketOptions.TCP_NODELAY, Boolean.TRUE);
    }

    /**
     * Sets the connect time-out; zero means no limit beyond the operating system's.
     *
     * @param timeout the time-out, not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Checks.notNegative("connectTimeout", timeout);
      return this;
    }

    /**
     * Sets the read time-out: the longest a read may wait for a byte; zero means no limit.
     *
     * @param timeout the time-out, not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Checks.notNegative("readTimeout", timeout);
      return this;
    }

    /**
     * Sets the write time-out: the longest a write may wait for the peer to accept a byte; zero
     * means no limit.
     *
     * @param timeout the time-out, not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = Checks.notNegative("writeTimeout", timeout);
      return this;
    }

    /**
     * Sets the input and output buffer size.
     *
     * @param bytes the size in bytes, from 16 to 16 MiB
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is out of range
     */
    public Builder bufferSize(int bytes) {
      this.bufferSize = Checks.inRange("bufferSize", bytes, 16, 16 << 20);
      return this;
    }

    /**
     * Sets a socket option to apply when the connection opens, such as {@code SO_KEEPALIVE},
     * {@code SO_LINGER} or {@code jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE}; an option the
     * transport does not support makes the connect or accept fail with {@link
     * UnsupportedOperationException} naming it.
     *
     * @param <T> the option's value type
     * @param option the option
     * @param value its value; {@code null} removes the option
     * @return this builder
     */
    public <T> Builder option(SocketOption<T> option, T value) {
      Checks.putOption(socketOptions, option, value);
      return this;
    }

    /**
     * Returns the immutable options.
     *
     * @return the options
     */
    public ConnectionOptions build() {
      return new ConnectionOptions(this);
    }
  }
}
