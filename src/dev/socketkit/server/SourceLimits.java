package dev.socketkit.server;

import dev.socketkit.internal.Checks;
import java.util.Objects;

/**
 * Immutable per-source limits of a server, set with {@link ServerOptions.Builder#sourceLimits}: at
 * most so many concurrent connections from one source, and at most so many new connections per
 * second from one source (a token bucket, so a burst is allowed), each with its own {@link
 * RejectReason}. A source is a client's IPv4 address, or the first 64 bits of its IPv6 address,
 * since one subscriber usually holds a whole /64; both prefixes are configurable. Unix-domain
 * clients have no address and are never limited per source.
 *
 * <pre>{@code
 * SourceLimits limits = SourceLimits.builder()
 *     .maxConnections(8, Overflow.CLOSE)  // concurrent, per source
 *     .acceptRate(5, 20)                  // 5 new connections a second, bursts of 20
 *     .build();
 * ServerOptions options = ServerOptions.builder().sourceLimits(limits).build();
 * }</pre>
 *
 * <p>Defaults: no limit of either kind, prefixes /32 and /64, 10,000 sources remembered by the
 * rate limit (past that the one seen least recently is forgotten, so memory stays bounded under a
 * flood from many addresses; the connection count remembers only sources with a live connection).
 */
public final class SourceLimits {
  private static final SourceLimits NONE = new Builder().build();

  private final int maxConnections;
  private final Overflow overflow;
  private final double acceptRate;
  private final int burst;
  private final int ipv4Prefix;
  private final int ipv6Prefix;
  private final int maxSources;

  private SourceLimits(Builder b) {
    this.maxConnections = b.maxConnections;
    this.overflow = b.overflow;
    this.acceptRate = b.acceptRate;
    this.burst = b.burst;
    this.ipv4Prefix = b.ipv4Prefix;
    this.ipv6Prefix = b.ipv6Prefix;
    this.maxSources = b.maxSources;
  }

  /**
   * Returns the limits that limit nothing, the default.
   *
   * @return the shared instance
   */
  public static SourceLimits none() {
    return NONE;
  }

  /**
   * Returns a builder that starts from no limits.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the most concurrent connections one source may have; 0, the default, for no limit. A
   * connection over it is rejected with {@link RejectReason#SOURCE_MAX_CONNECTIONS}.
   *
   * @return the limit
   */
  public int maxConnections() {
    return maxConnections;
  }

  /**
   * Returns how a connection over {@link #maxConnections()} is rejected: {@link Overflow#CLOSE},
   * the default, or {@link Overflow#BUSY_REPLY}.
   *
   * @return the policy
   */
  public Overflow overflow() {
    return overflow;
  }

  /**
   * Returns how many new connections per second one source may open once its burst is used; 0,
   * the default, for no limit. A connection over it is closed at once with {@link
   * RejectReason#SOURCE_ACCEPT_RATE}.
   *
   * @return connections per second
   */
  public double acceptRate() {
    return acceptRate;
  }

  /**
   * Returns how many connections one source may open at once before {@link #acceptRate()} applies.
   *
   * @return the burst
   */
  public int burst() {
    return burst;
  }

  /**
   * Returns how many leading bits of an IPv4 address make a source; default 32.
   *
   * @return the prefix length
   */
  public int ipv4Prefix() {
    return ipv4Prefix;
  }

  /**
   * Returns how many leading bits of an IPv6 address make a source; default 64.
   *
   * @return the prefix length
   */
  public int ipv6Prefix() {
    return ipv6Prefix;
  }

  /**
   * Returns how many sources the accept-rate limit remembers at most; default 10,000.
   *
   * @return the number of sources
   */
  public int maxSources() {
    return maxSources;
  }

  @Override
  public String toString() {
    return "SourceLimits{maxConnections=" + maxConnections + ", overflow=" + overflow + ", acceptRate="
        + acceptRate + ", burst=" + burst + ", prefixes=/" + ipv4Prefix + ",/" + ipv6Prefix
        + ", maxSources=" + maxSources + "}";
  }

  /** A mutable builder of {@link SourceLimits}; validates each value as it is set. */
  public static final class Builder {
    private int maxConnections;
    private Overflow overflow = Overflow.CLOSE;
    private double acceptRate;
    private int burst = 1;
    private int ipv4Prefix = 32;
    private int ipv6Prefix = 64;
    private int maxSources = 10_000;

    private Builder() {}

    /**
     * Sets the most concurrent connections from one source, and how one over it is rejected.
     *
     * @param max 1 or more; 0 for no limit
     * @param overflow {@link Overflow#CLOSE} or {@link Overflow#BUSY_REPLY}; {@code WAIT} would
     *     stop the accept loop, and every other client with it, for one source's sake
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is negative or {@code overflow} is {@code WAIT}
     */
    public Builder maxConnections(int max, Overflow overflow) {
      Checks.notNegative("maxConnections", max);
      if (Objects.requireNonNull(overflow, "overflow") == Overflow.WAIT) {
        throw new IllegalArgumentException("overflow: WAIT (expected: CLOSE or BUSY_REPLY; waiting for one"
            + " source would stop the accept loop for every client)");
      }
      this.maxConnections = max;
      this.overflow = overflow;
      return this;
    }

    /**
     * Sets the accept rate per source: {@code perSecond} new connections a second, after a burst of
     * {@code burst}.
     *
     * @param perSecond more than 0, at most 1,000,000; 0 for no limit
     * @param burst 1 or more
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range
     */
    public Builder acceptRate(double perSecond, int burst) {
      if (!(perSecond >= 0 && perSecond <= 1e6)) {
        throw new IllegalArgumentException("perSecond: " + perSecond + " (expected: 0 to 1000000)");
      }
      this.burst = Checks.inRange("burst", burst, 1, Integer.MAX_VALUE);
      this.acceptRate = perSecond;
      return this;
    }

    /**
     * Sets how many leading address bits make a source.
     *
     * @param ipv4 1 to 32; default 32
     * @param ipv6 1 to 128; default 64
     * @return this builder
     * @throws IllegalArgumentException if a prefix is out of range
     */
    public Builder prefixes(int ipv4, int ipv6) {
      this.ipv4Prefix = Checks.inRange("ipv4", ipv4, 1, 32);
      this.ipv6Prefix = Checks.inRange("ipv6", ipv6, 1, 128);
      return this;
    }

    /**
     * Sets how many sources the accept-rate limit remembers at most.
     *
     * @param sources 1 to 10,000,000; default 10,000
     * @return this builder
     * @throws IllegalArgumentException if {@code sources} is out of range
     */
    public Builder maxSources(int sources) {
      this.maxSources = Checks.inRange("maxSources", sources, 1, 10_000_000);
      return this;
    }

    /**
     * Returns the immutable limits.
     *
     * @return the limits
     */
    public SourceLimits build() {
      return new SourceLimits(this);
    }
  }
}
