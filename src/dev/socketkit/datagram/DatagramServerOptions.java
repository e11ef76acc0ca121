package dev.socketkit.datagram;

import dev.socketkit.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link DatagramServer}, each checked when it is set on the {@link
 * Builder}.
 *
 * <p>Defaults:
 * <ul>
 *   <li>{@link #name()} {@code "udp"};
 *   <li>{@link #maxDatagramBytes()} 65,527 (any UDP datagram);
 *   <li>{@link #receiveBufferBytes()} 0, the operating system's default;
 *   <li>{@link #shutdownGrace()} 10 seconds (used by {@link DatagramServer#close()});
 *   <li>{@link #events()} {@link DatagramServerEvents#NONE}.
 * </ul>
 *
 * <pre>{@code
 * DatagramServerOptions options = DatagramServerOptions.builder()
 *     .name("time")
 *     .maxDatagramBytes(512)
 *     .receiveBufferBytes(1 << 20)
 *     .build();
 * }</pre>
 */
public final class DatagramServerOptions {
  private static final DatagramServerOptions DEFAULTS = new Builder().build();

  private final String name;
  private final int maxDatagramBytes;
  private final int receiveBufferBytes;
  private final Duration shutdownGrace;
  private final DatagramServerEvents events;

  private DatagramServerOptions(Builder b) {
    this.name = b.name;
    this.maxDatagramBytes = b.maxDatagramBytes;
    this.receiveBufferBytes = b.receiveBufferBytes;
    this.shutdownGrace = b.shutdownGrace;
    this.events = b.events;
  }

  /**
   * Returns the default options.
   *
   * @return the shared default instance
   */
  public static DatagramServerOptions defaults() {
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
    return new Builder().name(name).maxDatagramBytes(maxDatagramBytes)
        .receiveBufferBytes(receiveBufferBytes).shutdownGrace(shutdownGrace).events(events);
  }

  /**
   * Returns the server's name, which starts the name of each of its threads ({@code
   * udp-receiver}, {@code udp-worker-3}); default {@code "udp"}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the longest datagram handed to the handler; a longer one is dropped as {@link
   * DropReason#TOO_LONG}; default 65,527.
   *
   * @return the limit in bytes
   */
  public int maxDatagramBytes() {
    return maxDatagramBytes;
  }

  /**
   * Returns the socket receive buffer size ({@code SO_RCVBUF}) to ask for, where datagrams wait
   * while every handler is busy; default 0, the operating system's default.
   *
   * @return the size in bytes, or 0
   */
  public int receiveBufferBytes() {
    return receiveBufferBytes;
  }

  /**
   * Returns how long {@link DatagramServer#close()} lets queued and running handlers finish;
   * default 10 seconds.
   *
   * @return the grace period
   */
  public Duration shutdownGrace() {
    return shutdownGrace;
  }

  /**
   * Returns the event callbacks; default {@link DatagramServerEvents#NONE}.
   *
   * @return the callbacks
   */
  public DatagramServerEvents events() {
    return events;
  }

  DatagramOptions endpointOptions() {
    return DatagramOptions.builder().maxReceiveBytes(maxDatagramBytes)
        .receiveBufferBytes(receiveBufferBytes).build();
  }

  @Override
  public String toString() {
    return "DatagramServerOptions{name=" + name + ", maxDatagramBytes=" + maxDatagramBytes
        + ", receiveBufferBytes=" + receiveBufferBytes + ", shutdownGrace=" + shutdownGrace + "}";
  }

  /** Builds {@link DatagramServerOptions}; every setter checks its argument at once. */
  public static final class Builder {
    private String name = "udp";
    private int maxDatagramBytes = DatagramEndpoint.MAX_IPV6_PAYLOAD;
    private int receiveBufferBytes;
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private DatagramServerEvents events = DatagramServerEvents.NONE;

    private Builder() {}

    /**
     * Sets the server's name.
     *
     * @param name a non-empty name
     * @return this builder
     * @throws IllegalArgumentException if empty
     */
    public Builder name(String name) {
      if (Objects.requireNonNull(name, "name").isEmpty()) {
        throw new IllegalArgumentException("name: \"\" (expected: non-empty)");
      }
      this.name = name;
      return this;
    }

    /**
     * Sets the longest datagram handed to the handler.
     *
     * @param bytes 1 to 65,527
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxDatagramBytes(int bytes) {
      this.maxDatagramBytes = Checks.inRange("maxDatagramBytes", bytes, 1, DatagramEndpoint.MAX_IPV6_PAYLOAD);
      return this;
    }

    /**
     * Sets the socket receive buffer size to ask for.
     *
     * @param bytes the size, or 0 for the operating system's default
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder receiveBufferBytes(int bytes) {
      this.receiveBufferBytes = Checks.atLeast("receiveBufferBytes", bytes, 0);
      return this;
    }

    /**
     * Sets the grace period of {@link DatagramServer#close()}.
     *
     * @param grace zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = DatagramServer.checkGrace(grace);
      return this;
    }

    /**
     * Sets the event callbacks.
     *
     * @param events the callbacks
     * @return this builder
     */
    public Builder events(DatagramServerEvents events) {
      this.events = Objects.requireNonNull(events, "events");
      return this;
    }

    /**
     * Returns the options.
     *
     * @return the immutable options
     */
    public DatagramServerOptions build() {
      return new DatagramServerOptions(this);
    }
  }
}
