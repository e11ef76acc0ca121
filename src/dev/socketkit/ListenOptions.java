package dev.socketkit;

import dev.socketkit.internal.Checks;
import java.util.Objects;

/**
 * Immutable settings for a {@link Listener}: backlog, address reuse, and the options of every
 * connection it accepts.
 *
 * <p>Defaults: the platform's maximum backlog; {@code SO_REUSEADDR} on (a restarted server binds its port at
 * once, even while old connections are in {@code TIME_WAIT}); {@code SO_REUSEPORT} off; accepted
 * connections use {@link ConnectionOptions#defaults()}.
 */
public final class ListenOptions {
  private static final ListenOptions DEFAULTS = new Builder().build();

  private final int backlog;
  private final boolean reuseAddress;
  private final boolean reusePort;
  private final ConnectionOptions connectionOptions;

  private ListenOptions(Builder b) {
    this.backlog = b.backlog;
    this.reuseAddress = b.reuseAddress;
    this.reusePort = b.reusePort;
    this.connectionOptions = b.connectionOptions;
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
    return new Builder()
        .backlog(backlog)
        .reuseAddress(reuseAddress)
        .reusePort(reusePort)
        .connectionOptions(connectionOptions);
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
   * Returns the options given to every accepted connection: buffer size, time limits and socket
   * options; default {@link ConnectionOptions#defaults()}. Its connect time-out does not apply to
   * accepted connections.
   *
   * @return the connection options
   */
  public ConnectionOptions connectionOptions() {
    return connectionOptions;
  }

  @Override
  public String toString() {
    return "ListenOptions{backlog=" + backlog + ", reuseAddress=" + reuseAddress
        + ", reusePort=" + reusePort + ", connectionOptions=" + connectionOptions + "}";
  }

  /** A mutable builder of {@link ListenOptions}; validates each value as it is set. */
  public static final class Builder {
    private int backlog;
    private boolean reuseAddress = true;
    private boolean reusePort;
    private ConnectionOptions connectionOptions = ConnectionOptions.defaults();

    private Builder() {}

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
     * Sets the options of accepted connections.
     *
     * @param options the options
     * @return this builder
     */
    public Builder connectionOptions(ConnectionOptions options) {
      this.connectionOptions = Objects.requireNonNull(options, "options");
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
