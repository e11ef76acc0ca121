package dev.socketkit.datagram;

import dev.socketkit.internal.Checks;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/**
 * Immutable settings of a {@link DatagramEndpoint}, each checked when it is set on the {@link
 * Builder}.
 *
 * <p>Defaults: {@link #maxReceiveBytes()} 65,527 (any UDP datagram over IPv4 or IPv6); {@link
 * #receiveBufferBytes()} and {@link #sendBufferBytes()} 0, the operating system's default;
 * {@link #reuseAddress()} off (turn it on for several multicast receivers on one port).
 *
 * <pre>{@code
 * DatagramOptions options = DatagramOptions.builder()
 *     .maxReceiveBytes(1_400)           // a longer datagram is a DatagramTooLongException
 *     .receiveBufferBytes(1 << 20)      // SO_RCVBUF: room for bursts
 *     .build();
 * }</pre>
 */
public final class DatagramOptions {
  private static final DatagramOptions DEFAULTS = new Builder().build();

  private final int maxReceiveBytes;
  private final int receiveBufferBytes;
  private final int sendBufferBytes;
  private final boolean reuseAddress;

  private DatagramOptions(Builder b) {
    this.maxReceiveBytes = b.maxReceiveBytes;
    this.receiveBufferBytes = b.receiveBufferBytes;
    this.sendBufferBytes = b.sendBufferBytes;
    this.reuseAddress = b.reuseAddress;
  }

  /**
   * Returns the default options.
   *
   * @return the shared default instance
   */
  public static DatagramOptions defaults() {
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
    return new Builder().maxReceiveBytes(maxReceiveBytes).receiveBufferBytes(receiveBufferBytes)
        .sendBufferBytes(sendBufferBytes).reuseAddress(reuseAddress);
  }

  /**
   * Returns the longest datagram {@link DatagramEndpoint#receive(java.time.Duration)} hands over;
   * a longer one is consumed and reported as a {@link DatagramTooLongException} carrying its real
   * length; default 65,527, the largest UDP payload.
   *
   * @return the limit in bytes, 1 to 65,527
   */
  public int maxReceiveBytes() {
    return maxReceiveBytes;
  }

  /**
   * Returns the socket receive buffer size ({@code SO_RCVBUF}) to ask for; default 0, the
   * operating system's default (Linux doubles the request and caps it at {@code rmem_max}).
   *
   * @return the size in bytes, or 0
   */
  public int receiveBufferBytes() {
    return receiveBufferBytes;
  }

  /**
   * Returns the socket send buffer size ({@code SO_SNDBUF}) to ask for; default 0, the operating
   * system's default.
   *
   * @return the size in bytes, or 0
   */
  public int sendBufferBytes() {
    return sendBufferBytes;
  }

  /**
   * Returns whether {@code SO_REUSEADDR} is set before bind, so several sockets can bind one
   * port (multicast receivers); default off.
   *
   * @return whether the address may be reused
   */
  public boolean reuseAddress() {
    return reuseAddress;
  }

  /** Sets these options on an unbound channel. */
  void applyTo(DatagramChannel channel) throws IOException {
    channel.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
    if (receiveBufferBytes > 0) {
      channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
    }
    if (sendBufferBytes > 0) {
      channel.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferBytes);
    }
  }

  @Override
  public String toString() {
    return "DatagramOptions{maxReceiveBytes=" + maxReceiveBytes + ", receiveBufferBytes="
        + receiveBufferBytes + ", sendBufferBytes=" + sendBufferBytes + ", reuseAddress="
        + reuseAddress + "}";
  }

  /** Builds {@link DatagramOptions}; every setter checks its argument at once. */
  public static final class Builder {
    private int maxReceiveBytes = DatagramEndpoint.MAX_IPV6_PAYLOAD;
    private int receiveBufferBytes;
    private int sendBufferBytes;
    private boolean reuseAddress;

    private Builder() {}

    /**
     * Sets the longest datagram a receive hands over.
     *
     * @param bytes 1 to 65,527
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxReceiveBytes(int bytes) {
      this.maxReceiveBytes = Checks.inRange("maxReceiveBytes", bytes, 1, DatagramEndpoint.MAX_IPV6_PAYLOAD);
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
     * Sets the socket send buffer size to ask for.
     *
     * @param bytes the size, or 0 for the operating system's default
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder sendBufferBytes(int bytes) {
      this.sendBufferBytes = Checks.atLeast("sendBufferBytes", bytes, 0);
      return this;
    }

    /**
     * Sets whether {@code SO_REUSEADDR} is set before bind.
     *
     * @param on whether to reuse
     * @return this builder
     */
    public Builder reuseAddress(boolean on) {
      this.reuseAddress = on;
      return this;
    }

    /**
     * Returns the options.
     *
     * @return the immutable options
     */
    public DatagramOptions build() {
      return new DatagramOptions(this);
    }
  }
}
