package dev.socketkit.server;

import dev.socketkit.ListenOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link Server}: its name, limits, time limits, shutdown grace period,
 * event hook and listen options. Every value is checked when it is set on the {@link Builder}.
 *
 * <p>Defaults, chosen so that a server started without thought cannot be held forever by idle or
 * numerous clients:
 *
 * <ul>
 *   <li>{@link #name()} {@code "server"};
 *   <li>{@link #maxConnections()} 1024, with {@link Overflow#WAIT} once reached;
 *   <li>{@link #idleTimeout()} 60 seconds; {@link #sessionDeadline()} none;
 *   <li>{@link #shutdownGrace()} 10 seconds (used by {@link Server#close()});
 *   <li>{@link #busyReply()} {@code "busy\n"};
 *   <li>{@link #events()} {@link ServerEvents#NONE}; {@link #listenOptions()} {@link
 *       ListenOptions#defaults()}.
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
  private final Duration idleTimeout;
  private final Duration sessionDeadline;
  private final Duration shutdownGrace;
  private final byte[] busyReply;
  private final ServerEvents events;
  private final ListenOptions listenOptions;

  private ServerOptions(Builder b) {
    this.name = b.name;
    this.maxConnections = b.maxConnections;
    this.overflow = b.overflow;
    this.idleTimeout = b.idleTimeout;
    this.sessionDeadline = b.sessionDeadline;
    this.shutdownGrace = b.shutdownGrace;
    this.busyReply = b.busyReply.clone();
    this.events = b.events;
    this.listenOptions = b.listenOptions;
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
    return new Builder().name(name).maxConnections(maxConnections, overflow)
        .idleTimeout(idleTimeout).sessionDeadline(sessionDeadline).shutdownGrace(shutdownGrace)
        .busyReply(busyReply).events(events).listenOptions(listenOptions);
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
   * Returns the read time-out given to every connection: a session whose client sends nothing for
   * this long gets a {@link dev.socketkit.TimedOutException} from its read; default 60 seconds;
   * zero means no limit. It replaces the read time-out of the {@linkplain #listenOptions() listen
   * options}.
   *
   * @return the idle time-out
   */
  public Duration idleTimeout() {
    return idleTimeout;
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
   * Returns the options the listening socket is bound with, including those of accepted
   * connections; default {@link ListenOptions#defaults()}.
   *
   * @return the listen options
   */
  public ListenOptions listenOptions() {
    return listenOptions;
  }

  @Override
  public String toString() {
    return "ServerOptions{name=" + name + ", maxConnections=" + maxConnections + ", overflow="
        + overflow + ", idleTimeout=" + idleTimeout + ", sessionDeadline=" + sessionDeadline
        + ", shutdownGrace=" + shutdownGrace + ", listenOptions=" + listenOptions + "}";
  }

  /** A mutable builder of {@link ServerOptions}; validates each value as it is set. */
  public static final class Builder {
    private String name = "server";
    private int maxConnections = 1024;
    private Overflow overflow = Overflow.WAIT;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration sessionDeadline = Duration.ZERO;
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private byte[] busyReply = "busy\n".getBytes(StandardCharsets.US_ASCII);
    private ServerEvents events = ServerEvents.NONE;
    private ListenOptions listenOptions = ListenOptions.defaults();

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
      if (max < 0) {
        throw new IllegalArgumentException("maxConnections: " + max + " (expected: >= 0)");
      }
      this.overflow = Objects.requireNonNull(overflow, "overflow");
      this.maxConnections = max;
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
      this.idleTimeout = notNegative("idleTimeout", timeout);
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
      this.sessionDeadline = notNegative("sessionDeadline", deadline);
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
      this.shutdownGrace = notNegative("shutdownGrace", grace);
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
     * Sets the listen options.
     *
     * @param options the options of the listening socket and its connections
     * @return this builder
     */
    public Builder listenOptions(ListenOptions options) {
      this.listenOptions = Objects.requireNonNull(options, "options");
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

    private static Duration notNegative(String what, Duration d) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + ": " + d + " (expected: >= 0)");
      }
      return d;
    }
  }
}
