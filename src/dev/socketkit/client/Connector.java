package dev.socketkit.client;

import dev.socketkit.Connection;
import dev.socketkit.ConnectionOptions;
import dev.socketkit.TimedOutException;
import dev.socketkit.internal.Errors;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Connects with retries and "Happy Eyeballs" (RFC 8305): each round resolves the host name afresh,
 * orders its addresses alternating IPv6 and IPv4, starts a connect to the first and to the next
 * one each time the fallback delay passes or every started connect has failed; the first to
 * connect wins and the others are closed. When every address of a round fails, the round is
 * repeated after an exponential back-off with jitter, until the attempt limit or the total time
 * limit is reached.
 *
 * <pre>{@code
 * Connector connector = Connector.builder()
 *     .maxAttempts(5)
 *     .maxTotalTime(Duration.ofSeconds(10))
 *     .fallbackDelay(Duration.ofMillis(250))
 *     .onAttempt(a -> log.debug("{}", a))
 *     .build();
 * try (Connection c = connector.connect("localhost", 7000)) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Within a round, a failure of one address moves on to the next, whatever it is. A busy
 * server may refuse for a moment, so a round is repeated if one of its failures was a refusal
 * ({@link dev.socketkit.ConnectionRefusedException}), an unreachable host or network ({@link
 * NoRouteToHostException}, {@link ConnectException}) or a connect time-out; otherwise, and after
 * the last round, the connect fails with an exception of the last failure's type whose message
 * says what was tried, how often and for how long ({@code connect to 127.0.0.1:7070 refused after
 * 5 attempts in 1.15 s}), with the last failure as its cause and the earlier ones {@linkplain
 * Throwable#getSuppressed() suppressed}. A resolver failure, such as an unknown host, is thrown at
 * once.
 *
 * <p>TCP connects of one round race on the calling thread, with no thread of their own. A
 * Unix-domain address is connected in place, since its connect completes or fails at once (a
 * listener with a full backlog is retried until the connect time-out, holding the round). An
 * interrupt ends the race at once: its sockets are closed and {@link InterruptedIOException} is
 * thrown. Each address tried is also recorded as a {@code socketkit.ConnectAttempt} JFR event.
 *
 * <p>Defaults: {@link ConnectionOptions#defaults()} (connect time-out 10 s per address), 5
 * attempts, 30 s in total, fallback delay 250 ms, the {@linkplain Resolver#system() system
 * resolver}, no attempt listener, back-off 100 ms doubling up to 5 s, jitter 0.5 (each pause is
 * shortened by a random part of up to half its length, so clients refused together do not return
 * together), and a thread-local random source. Immutable and thread-safe.
 */
public final class Connector {
  final ConnectionOptions options;
  final Duration fallbackDelay;
  final Consumer<? super ConnectAttempt> listener;
  private final Resolver resolver;
  private final int maxAttempts;
  private final Duration maxTotalTime;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double jitter;
  private final RandomGenerator random;
  private final ReentrantLock randomLock = new ReentrantLock();

  private Connector(Builder b) {
    this.options = b.options;
    this.fallbackDelay = b.fallbackDelay;
    this.listener = b.listener;
    this.resolver = b.resolver;
    this.maxAttempts = b.maxAttempts;
    this.maxTotalTime = b.maxTotalTime;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.jitter = b.jitter;
    this.random = b.random;
  }

  /**
   * Returns a connector with the default settings.
   *
   * @return a new connector
   */
  public static Connector defaults() {
    return new Builder().build();
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
   * Resolves {@code host} and connects to one of its addresses as described above; the name is
   * resolved again for each round, never cached by the connector.
   *
   * @param host a host name or address literal, such as {@code localhost} or {@code ::1}
   * @param port the TCP port, 0 to 65535
   * @return the open connection
   * @throws java.net.UnknownHostException if the name does not resolve
   * @throws dev.socketkit.ConnectionRefusedException if the last attempt was refused
   * @throws TimedOutException if the last attempt timed out, or the total time ran out
   * @throws InterruptedIOException if the thread was interrupted while connecting or backing off
   * @throws IOException if connecting failed otherwise
   */
  public Connection connect(String host, int port) throws IOException {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
    }
    String target = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    return connect(target, () -> Addresses.ofHost(resolver, host, port, target));
  }

  /**
   * Connects to the first of {@code candidates} that accepts, starting them in the order given
   * with the fallback delay between them, and retries the whole list as described above; an
   * unresolved {@link InetSocketAddress} is resolved for each round and stands for all its
   * addresses.
   *
   * @param candidates TCP or Unix-domain addresses, at least one
   * @return the open connection
   * @throws IllegalArgumentException if {@code candidates} is empty
   * @throws java.net.UnknownHostException if an unresolved address does not resolve
   * @throws dev.socketkit.ConnectionRefusedException if the last attempt was refused
   * @throws TimedOutException if the last attempt timed out, or the total time ran out
   * @throws InterruptedIOException if the thread was interrupted while connecting or backing off
   * @throws IOException if connecting failed otherwise
   */
  public Connection connect(List<? extends SocketAddress> candidates) throws IOException {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("candidates: [] (expected: at least one address)");
    }
    List<SocketAddress> copy = List.copyOf(candidates);
    String target = copy.size() == 1 ? Errors.format(copy.get(0))
        : copy.stream().map(Errors::format).collect(Collectors.joining(", ", "[", "]"));
    return connect(target, () -> Addresses.ofList(resolver, copy));
  }

  private interface Candidates {
    List<SocketAddress> get() throws IOException;
  }

  private Connection connect(String target, Candidates candidates) throws IOException {
    long start = System.nanoTime();
    long budget = maxTotalTime.isZero() ? Long.MAX_VALUE : maxTotalTime.toNanos();
    ConnectFailure failures = new ConnectFailure(target);
    for (int round = 1; ; round++) {
      List<SocketAddress> addresses;
      try {
        addresses = candidates.get();
      } catch (IOException e) {
        throw failures.withEarlier(e);
      }
      failures.startRound();
      Connection c = new Round(round, addresses, this, start, budget, failures).run();
      if (c != null) {
        return c;
      }
      Duration pause = backoff(round);
      long left = budget - (System.nanoTime() - start);
      if (round >= maxAttempts || pause.toNanos() >= left || !failures.roundMayPass()) {
        throw failures.exhausted(round, System.nanoTime() - start, maxTotalTime);
      }
      try {
        TimeUnit.NANOSECONDS.sleep(pause.toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failures.withEarlier(new InterruptedIOException(
            "connect to " + target + ": interrupted while backing off after " + round + " attempts"));
      }
    }
  }

  /**
   * The pause after failed attempt {@code attempt} (from 1): the initial back-off doubled per
   * attempt, capped, then shortened by up to {@code jitter} of itself at random.
   */
  Duration backoff(int attempt) {
    long base = initialBackoff.toNanos();
    long cap = maxBackoff.toNanos();
    long pause = base;
    for (int i = 1; i < attempt && pause < cap; i++) {
      pause = pause > cap / 2 ? cap : pause * 2;
    }
    pause = Math.min(pause, cap);
    double r;
    randomLock.lock();
    try {
      r = random == null ? ThreadLocalRandom.current().nextDouble() : random.nextDouble();
    } finally {
      randomLock.unlock();
    }
    return Duration.ofNanos(pause - (long) (pause * jitter * r));
  }

  /** A mutable builder of {@link Connector}; validates each value as it is set. */
  public static final class Builder {
    private ConnectionOptions options = ConnectionOptions.defaults();
    private Duration fallbackDelay = Duration.ofMillis(250);
    private Resolver resolver = Resolver.system();
    private Consumer<? super ConnectAttempt> listener;
    private int maxAttempts = 5;
    private Duration maxTotalTime = Duration.ofSeconds(30);
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private double jitter = 0.5;
    private RandomGenerator random;

    private Builder() {}

    /**
     * Sets the options of each connection, including the connect time-out of each address tried;
     * default {@link ConnectionOptions#defaults()}.
     *
     * @param options the connection options
     * @return this builder
     */
    public Builder options(ConnectionOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Sets how long a connect may go unanswered before the next address of the round is started
     * beside it (RFC 8305's "connection attempt delay"); a failed connect starts the next one at
     * once; default 250 ms.
     *
     * @param delay the delay; zero turns the race off, so each address is tried only after the
     *     previous one failed
     * @return this builder
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public Builder fallbackDelay(Duration delay) {
      this.fallbackDelay = notNegative("fallbackDelay", delay);
      return this;
    }

    /**
     * Sets the resolver asked for a host's addresses at the start of every round; default
     * {@link Resolver#system()}.
     *
     * @param resolver the resolver
     * @return this builder
     */
    public Builder resolver(Resolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Sets a listener told of every connect attempt as it starts and ends, on the connecting
     * thread, in order; it should return quickly, and an exception it throws is logged and
     * ignored; default none.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder onAttempt(Consumer<? super ConnectAttempt> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets how many rounds over the addresses are made at most; default 5.
     *
     * @param attempts 1 to 1000; 1 means no retry
     * @return this builder
     * @throws IllegalArgumentException if {@code attempts} is out of range
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 1000) {
        throw new IllegalArgumentException("maxAttempts: " + attempts + " (expected: 1 to 1000)");
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Sets how long all attempts and pauses may take together; no retry is started that would
     * end after it, and each connect time-out is shortened to fit; default 30 seconds.
     *
     * @param total the limit, zero for none
     * @return this builder
     * @throws IllegalArgumentException if {@code total} is negative
     */
    public Builder maxTotalTime(Duration total) {
      this.maxTotalTime = notNegative("maxTotalTime", total);
      return this;
    }

    /**
     * Sets the pause after the first failed round, doubled after each further one up to {@code
     * max}; defaults 100 ms and 5 s.
     *
     * @param initial the first pause, not negative
     * @param max the longest pause, at least {@code initial}
     * @return this builder
     * @throws IllegalArgumentException if a pause is negative or {@code max} is less than {@code
     *     initial}
     */
    public Builder backoff(Duration initial, Duration max) {
      notNegative("initial", initial);
      notNegative("max", max);
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("max: " + max + " (expected: >= initial " + initial + ")");
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Sets the jitter: each pause is shortened by a random fraction of up to this much of it;
     * default 0.5.
     *
     * @param fraction 0 (no jitter) to 1 (anything from zero to the full pause)
     * @return this builder
     * @throws IllegalArgumentException if {@code fraction} is not within 0 and 1
     */
    public Builder jitter(double fraction) {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("jitter: " + fraction + " (expected: 0 to 1)");
      }
      this.jitter = fraction;
      return this;
    }

    /**
     * Sets the random source of the jitter, such as a seeded {@link java.util.SplittableRandom}
     * for repeatable tests; default a thread-local random source. The connector uses it under a
     * lock; do not share it elsewhere.
     *
     * @param random the random source
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Returns the immutable connector.
     *
     * @return the connector
     */
    public Connector build() {
      return new Connector(this);
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
