package dev.socketkit;

import dev.socketkit.internal.Checks;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable settings for a {@link Listener}, flat: the listening socket's backlog and address
 * reuse, and the buffer size, time limits and socket options every accepted connection gets.
 * Zero means "no limit" for each time limit.
 *
 * <p>Defaults: the platform's maximum backlog; {@code SO_REUSEADDR} on (a restarted server binds
 * its port at once, even while old connections are in {@code TIME_WAIT}); {@code SO_REUSEPORT}
 * off; accepted connections get 8 KiB buffers, no read or write time-out, and {@code TCP_NODELAY}
 * on for TCP.
 */
public final class ListenOptions {
  private static final ListenOptions DEFAULTS = new Builder().build();

  private final int backlog;
  private final boolean reuseAddress;
  private final boolean reusePort;
  private final int bufferSize;
  private final Duration readTimeout;
  private final Duration writeTimeout;
  private final Map<SocketOption<?>, Object> socketOptions;
  private final ConnectionOptions accepted;

  private ListenOptions(Builder b) {
    this.backlog = b.backlog;
    this.reuseAddress = b.reuseAddress;
    this.reusePort = b.reusePort;
    this.bufferSize = b.bufferSize;
    this.readTimeout = b.readTimeout;
    this.writeTimeout = b.writeTimeout;
    this.socketOptions = Collections.unmodifiableMap(new LinkedHashMap<>(b.socketOptions));
    ConnectionOptions.Builder c = ConnectionOptions.builder().bufferSize(bufferSize)
        .readTimeout(readTimeout).writeTimeout(writeTimeout)
        .option(StandardSocketOptions.TCP_NODELAY, null);
    socketOptions.forEach((k, v) -> setRaw(c, k, v));
    this.accepted = c.build();
  }

  @SuppressWarnings("unchecked")
  private static <T> void setRaw(ConnectionOptions.Builder b, SocketOption<T> option, Object value) {
    b.option(option, (T) value);
  }

  /**
   * Returns the default options.
   *
   * @return the shared default instance
   */
  public static ListenOptions defaults() {
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
   * @return a new builder holding these options
   */
  public Builder toBuilder() {
    Builder b = new Builder().backlog(backlog).reuseAddress(reuseAddress).reusePort(reusePort)
        .bufferSize(bufferSize).readTimeout(readTimeout).writeTimeout(writeTimeout);
    b.socketOptions.clear();
    b.socketOptions.putAll(socketOptions);
    return b;
  }

  /**
   * Returns the listen backlog: how many connections the kernel may queue that the application
   * has not accepted yet; default 0, which means the platform's maximum: {@code
   * /proc/sys/net/core/somaxconn} on Linux, 128 elsewhere (a larger value is capped by the
   * kernel at that maximum).
   *
   * @return the backlog, 0 for the platform's maximum
   */
  public int backlog() {
    return backlog;
  }

  /**
   * Returns whether {@code SO_REUSEADDR} is set; default {@code true}. Ignored for Unix-domain
   * sockets.
   *
   * @return whether the address may be reused
   */
  public boolean reuseAddress() {
    return reuseAddress;
  }

  /**
   * Returns whether {@code SO_REUSEPORT} is set, so that several listeners can bind the same port
   * and the kernel spreads connections among them; default {@code false}. Binding fails with
   * {@link UnsupportedOperationException} where the platform or the transport lacks it.
   *
   * @return whether the port may be shared
   */
  public boolean reusePort() {
    return reusePort;
  }

  /**
   * Returns the input and output buffer size of each accepted connection; default 8192.
   *
   * @return the buffer size in bytes
   */
  public int bufferSize() {
    return bufferSize;
  }

  /**
   * Returns the read time-out each accepted connection starts with; default zero, no limit.
   *
   * @return the read time-out
   */
  public Duration readTimeout() {
    return readTimeout;
  }

  /**
   * Returns the write time-out each accepted connection starts with; default zero, no limit.
   *
   * @return the write time-out
   */
  public Duration writeTimeout() {
    return writeTimeout;
  }

  /**
   * Returns the socket options set on each accepted connection, in the order they were set; by
   * default only {@code TCP_NODELAY = true}, which is skipped for Unix-domain sockets.
   *
   * @return an unmodifiable map from option to value
   */
  public Map<SocketOption<?>, Object> socketOptions() {
    return socketOptions;
  }

  /** What accepted connections are opened with. */
  ConnectionOptions accepted() {
    return accepted;
  }

  @Override
  public String toString() {
    return "ListenOptions{backlog=" + backlog + ", reuseAddress=" + reuseAddress
        + ", reusePort=" + reusePort + ", bufferSize=" + bufferSize + ", readTimeout=" + readTimeout
        + ", writeTimeout=" + writeTimeout + ", socketOptions=" + socketOptions + "}";
  }

  /** A mutable builder of {@link ListenOptions}; validates each value as it is set. */
  public static final class Builder {
    private int backlog;
    private boolean reuseAddress = true;
    private boolean reusePort;
    private int bufferSize = BufferedOutput.DEFAULT_BUFFER_SIZE;
    private Duration readTimeout = Duration.ZERO;
    private Duration writeTimeout = Duration.ZERO;
    private final Map<SocketOption<?>, Object> socketOptions = new LinkedHashMap<>();

    private Builder() {
      socketOptions.put(StandardSocketOptions.TCP_NODELAY, Boolean.TRUE);
    }

    /**
     * Sets the listen backlog.
     *
     * @param backlog the backlog, 0 for the platform's maximum
     * @return this builder
     * @throws IllegalArgumentException if {@code backlog} is negative
     */
    public Builder backlog(int backlog) {
      this.backlog = (int) Checks.notNegative("backlog", backlog);
      return this;
    }

    /**
     * Sets whether {@code SO_REUSEADDR} is set.
     *
     * @param on whether to set it
     * @return this builder
     */
    public Builder reuseAddress(boolean on) {
      this.reuseAddress = on;
      return this;
    }

    /**
     * Sets whether {@code SO_REUSEPORT} is set.
     *
     * @param on whether to set it
     * @return this builder
     */
    public Builder reusePort(boolean on) {
      this.reusePort = on;
      return this;
    }

    /**
     * Sets the buffer size of accepted connections.
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
     * Sets the read time-out accepted connections start with.
     *
     * @param timeout the time-out, zero for none
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Checks.notNegative("readTimeout", timeout);
      return this;
    }

    /**
     * Sets the write time-out accepted connections start with.
     *
     * @param timeout the time-out, zero for none
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = Checks.notNegative("writeTimeout", timeout);
      return this;
    }

    /**
     * Sets a socket option of accepted connections; an option the transport does not support
     * makes that accept fail with {@link UnsupportedOperationException} naming it.
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
    public ListenOptions build() {
      return new ListenOptions(this);
    }
  }
}
