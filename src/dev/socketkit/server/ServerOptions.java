package dev.socketkit.server;

import dev.socketkit.ListenOptions;
import dev.socketkit.internal.Checks;
import java.net.SocketOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of a {@link Server}, flat: one option per knob, none overriding another.
 * Every value is checked when it is set on the {@link Builder}; for every time limit zero means
 * "no limit".
 *
 * <p>Defaults, chosen so that a server started without thought cannot be held forever by idle,
 * slow or numerous clients:
 *
 * <ul>
 *   <li>{@link #name()} {@code "server"};
 *   <li>{@link #maxConnections()} 1024, with {@link Overflow#WAIT} once reached;
 *   <li>{@link #idleTimeout()} 60 seconds; {@link #writeTimeout()} 30 seconds; {@link
 *       #sessionDeadline()} none;
 *   <li>{@link #shutdownGrace()} 10 seconds (used by {@link Server#close()});
 *   <li>{@link #busyReply()} {@code "busy\n"}; {@link #events()} {@link ServerEvents#NONE};
 *   <li>{@link #backlog()} 0, the platform's maximum; {@link #reuseAddress()} on;
 *   <li>{@link #bufferSize()} 8192; {@link #socketOptions()} {@code TCP_NODELAY} on (TCP only).
 * </ul>
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.builder()
 *     .name("echo")
 *     .maxConnections(100, Overflow.BUSY_REPLY)
 *     .idleTimeout(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 */
public final class ServerOptions {
  private static final ServerOptions DEFAULTS = new Builder().build();

  private final String name;
  private final int maxConnections;
  private final Overflow overflow;
  private final SourceLimits sourceLimits;
  private final Duration idleTimeout;
  private final Duration writeTimeout;
  private final Duration sessionDeadline;
  private final Duration shutdownGrace;
  private final byte[] busyReply;
  private final ServerEvents events;
  private final ListenOptions listen;

  private ServerOptions(Builder b) {
    this.name = b.name;
    this.maxConnections = b.maxConnections;
    this.overflow = b.overflow;
    this.sourceLimits = b.sourceLimits;
    this.idleTimeout = b.idleTimeout;
    this.writeTimeout = b.writeTimeout;
    this.sessionDeadline = b.sessionDeadline;
    this.shutdownGrace = b.shutdownGrace;
    this.busyReply = b.busyReply.clone();
    this.events = b.events;
    this.listen = b.listen.build();
  }

  /**
   * Returns the default options.
   *
   * @return the shared default instance
   */
  public static ServerOptions defaults() {
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
    Builder b = new Builder().name(name).maxConnections(maxConnections, overflow)
        .sourceLimits(sourceLimits).idleTimeout(idleTimeout).writeTimeout(writeTimeout).sessionDeadline(sessionDeadline)
        .shutdownGrace(shutdownGrace).busyReply(busyReply).events(events);
    b.listen = listen.toBuilder();
    return b;
  }

  /**
   * Returns the server's name, which starts the name of each of its threads ({@code
   * echo-acceptor}, {@code echo-worker-3}) and each session id; default {@code "server"}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the most sessions that may run at once; default 1024; zero means no limit.
   *
   * @return the connection limit
   */
  public int maxConnections() {
    return maxConnections;
  }

  /**
   * Returns what happens to a client once {@link #maxConnections()} sessions run; default {@link
   * Overflow#WAIT}.
   *
   * @return the overflow policy
   */
  public Overflow overflow() {
    return overflow;
  }

  /**
   * Returns the per-source limits: concurrent connections and accept rate per client address (or
   * IPv6 /64); default {@link SourceLimits#none()}.
   *
   * @return the limits
   */
  public SourceLimits sourceLimits() {
    return sourceLimits;
  }

  /**
   * Returns the read time-out given to every connection: a session whose client sends nothing for
   * this long gets a {@link dev.socketkit.TimedOutException} from its read; default 60 seconds;
   * zero means no limit.
   *
   * @return the idle time-out
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * Returns the write time-out given to every connection: a session whose client accepts no byte
   * for this long (it stopped reading its replies) gets a {@link dev.socketkit.TimedOutException}
   * from its write or flush, so a client that never reads cannot hold a server thread; default
   * 30 seconds; zero means no limit.
   *
   * @return the write time-out
   */
  public Duration writeTimeout() {
    return writeTimeout;
  }

  /**
   * Returns how long a whole session may last: every read and write after that fails with a
   * {@link dev.socketkit.TimedOutException}; default zero, meaning no limit.
   *
   * @return the session deadline, counted from the start of the session
   */
  public Duration sessionDeadline() {
    return sessionDeadline;
  }

  /**
   * Returns the grace period {@link Server#close()} gives running sessions; default 10 seconds.
   *
   * @return the grace period
   */
  public Duration shutdownGrace() {
    return shutdownGrace;
  }

  /**
   * Returns the bytes sent to a client rejected with {@link Overflow#BUSY_REPLY}; default {@code
   * "busy\n"} in US-ASCII.
   *
   * @return a copy of the reply
   */
  public byte[] busyReply() {
    return busyReply.clone();
  }

  /**
   * Returns the event hook; default {@link ServerEvents#NONE}.
   *
   * @return the event hook
   */
  public ServerEvents events() {
    return events;
  }

  /**
   * Returns the listen backlog: how many connections the kernel may queue before the server
   * accepts them; default 0, the platform's maximum ({@code /proc/sys/net/core/somaxconn} on
   * Linux, 128 elsewhere), so a burst of clients is queued rather than refused.
   *
   * @return the backlog, 0 for the platform's maximum
   */
  public int backlog() {
    return listen.backlog();
  }

  /**
   * Returns whether the listening socket sets {@code SO_REUSEADDR}; default {@code true}. Ignored
   * for Unix-domain sockets.
   *
   * @return whether the address may be reused
   */
  public boolean reuseAddress() {
    return listen.reuseAddress();
  }

  /**
   * Returns the input and output buffer size of every connection in bytes; default 8192.
   *
   * @return the buffer size
   */
  public int bufferSize() {
    return listen.bufferSize();
  }

  /**
   * Returns the socket options set on every accepted connection, in the order they were set; by
   * default only {@code TCP_NODELAY = true}, which is skipped for Unix-domain sockets.
   *
   * @return an unmodifiable map from option to value
   */
  public Map<SocketOption<?>, Object> socketOptions() {
    return listen.socketOptions();
  }

  /** The listener's and accepted connections' socket settings, as one value; reusePort off. */
  ListenOptions listenOptions() {
    return listen;
  }

  @Override
  public String toString() {
    return "ServerOptions{name=" + name + ", maxConnections=" + maxConnections + ", overflow="
        + overflow + ", sourceLimits=" + sourceLimits + ", idleTimeout=" + idleTimeout + ", writeTimeout=" + writeTimeout
        + ", sessionDeadline=" + sessionDeadline + ", shutdownGrace=" + shutdownGrace
        + ", backlog=" + backlog() + ", reuseAddress=" + reuseAddress() + ", bufferSize=" + bufferSize()
        + ", socketOptions=" + socketOptions() + "}";
  }

  /** A mutable builder of {@link ServerOptions}; validates each value as it is set. */
  public static final class Builder {
    private String name = "server";
    private int maxConnections = 1024;
    private Overflow overflow = Overflow.WAIT;
    private SourceLimits sourceLimits = SourceLimits.none();
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration writeTimeout = Duration.ofSeconds(30);
    private Duration sessionDeadline = Duration.ZERO;
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private byte[] busyReply = "busy\n".getBytes(StandardCharsets.US_ASCII);
    private ServerEvents events = ServerEvents.NONE;
    private ListenOptions.Builder listen = ListenOptions.builder(); // validates the socket settings

    private Builder() {}

    /**
     * Sets the server's name.
     *
     * @param name one to 40 letters, digits, dots, dashes or underscores
     * @return this builder
     * @throws IllegalArgumentException if {@code name} is empty, too long or has other characters
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (!name.matches("[A-Za-z0-9._-]{1,40}")) {
        throw new IllegalArgumentException(
            "name: \"" + name + "\" (expected: 1 to 40 of A-Z a-z 0-9 . _ -)");
      }
      this.name = name;
      return this;
    }

    /**
     * Sets the connection limit and what happens to a client beyond it.
     *
     * @param max the most sessions at once, zero for no limit
     * @param overflow the policy once {@code max} sessions run
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public Builder maxConnections(int max, Overflow overflow) {
      Checks.notNegative("maxConnections", max);
      this.overflow = Objects.requireNonNull(overflow, "overflow");
      this.maxConnections = max;
      return this;
    }

    /**
     * Sets the per-source limits, checked after each accept before the connection limit.
     *
     * @param limits the limits; {@link SourceLimits#none()} for none
     * @return this builder
     */
    public Builder sourceLimits(SourceLimits limits) {
      this.sourceLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Sets the idle time-out of every connection.
     *
     * @param timeout the read time-out, zero for none
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = Checks.notNegative("idleTimeout", timeout);
      return this;
    }

    /**
     * Sets the write time-out of every connection.
     *
     * @param timeout the write time-out, zero for none
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = Checks.notNegative("writeTimeout", timeout);
      return this;
    }

    /**
     * Sets how long a whole session may last.
     *
     * @param deadline the limit counted from the start of each session, zero for none
     * @return this builder
     * @throws IllegalArgumentException if {@code deadline} is negative
     */
    public Builder sessionDeadline(Duration deadline) {
      this.sessionDeadline = Checks.notNegative("sessionDeadline", deadline);
      return this;
    }

    /**
     * Sets the grace period of {@link Server#close()}.
     *
     * @param grace the grace period, zero to cut sessions off at once
     * @return this builder
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = Checks.notNegative("shutdownGrace", grace);
      return this;
    }

    /**
     * Sets the reply sent to clients rejected with {@link Overflow#BUSY_REPLY}.
     *
     * @param reply the bytes, at most 4096
     * @return this builder
     * @throws IllegalArgumentException if {@code reply} is longer than 4096 bytes
     */
    public Builder busyReply(byte[] reply) {
      Objects.requireNonNull(reply, "reply");
      if (reply.length > 4096) {
        throw new IllegalArgumentException("busyReply: " + reply.length + " bytes (expected: <= 4096)");
      }
      this.busyReply = reply.clone();
      return this;
    }

    /**
     * Sets the event hook.
     *
     * @param events the hook
     * @return this builder
     */
    public Builder events(ServerEvents events) {
      this.events = Objects.requireNonNull(events, "events");
      return this;
    }

    /**
     * Sets the listen backlog.
     *
     * @param backlog the backlog, 0 for the platform's maximum
     * @return this builder
     * @throws IllegalArgumentException if {@code backlog} is negative
     */
    public Builder backlog(int backlog) {
      listen.backlog(backlog);
      return this;
    }

    /**
     * Sets whether the listening socket sets {@code SO_REUSEADDR}.
     *
     * @param on whether to set it
     * @return this builder
     */
    public Builder reuseAddress(boolean on) {
      listen.reuseAddress(on);
      return this;
    }

    /**
     * Sets the buffer size of every connection.
     *
     * @param bytes the size in bytes, from 16 to 16 MiB
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is out of range
     */
    public Builder bufferSize(int bytes) {
      listen.bufferSize(bytes);
      return this;
    }

    /**
     * Sets a socket option of every accepted connection, such as {@code SO_KEEPALIVE}; an option
     * the transport does not support makes that accept fail, which the server logs and counts as
     * an accept error.
     *
     * @param <T> the option's value type
     * @param option the option
     * @param value its value; {@code null} removes the option
     * @return this builder
     */
    public <T> Builder option(SocketOption<T> option, T value) {
      listen.option(option, value);
      return this;
    }

    /**
     * Turns TCP keep-alive on for accepted connections and tunes it in one call, as {@link
     * dev.socketkit.ConnectionOptions.Builder#keepAlive(Duration, Duration, int)} does: a client that vanished is
     * detected {@code idle + interval × count} after the last traffic.
     *
     * @param idle the quiet time before the first probe, whole seconds from 1 to 32767
     * @param interval the time between probes, whole seconds from 1 to 32767
     * @param count the unanswered probes that end the connection, 1 to 127
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range or not whole seconds
     * @throws UnsupportedOperationException if this platform cannot tune keep-alive
     */
    public Builder keepAlive(Duration idle, Duration interval, int count) {
      listen.keepAlive(idle, interval, count);
      return this;
    }

    /**
     * Returns the immutable options.
     *
     * @return the options
     */
    public ServerOptions build() {
      return new ServerOptions(this);
    }
  }
}
