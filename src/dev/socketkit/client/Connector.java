package dev.socketkit.client;

import dev.socketkit.Connection;
import dev.socketkit.ConnectionOptions;
import dev.socketkit.TimedOutException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects with retries: every address a host name resolves to (IPv6 and IPv4) is tried in turn,
 * and when all refuse, are unreachable or time out, the round is repeated after an exponential
 * back-off with jitter, until the attempt limit or the total time limit is reached.
 *
 * <pre>{@code
 * Connector connector = Connector.builder()
 *     .maxAttempts(5)
 *     .maxTotalTime(Duration.ofSeconds(10))
 *     .build();
 * try (Connection c = connector.connect("localhost", 7000)) {
 *   ...
 * }
 * }</pre>
 *
 * <p>A busy server may refuse for a moment, so refusal ({@link
 * dev.socketkit.ConnectionRefusedException}), an unreachable host or network ({@link
 * NoRouteToHostException}, {@link ConnectException}) and a connect time-out are retried. Any
 * other failure, such as an unknown host, is thrown at once. After the last attempt the last
 * failure is thrown, with the earlier ones {@linkplain Throwable#getSuppressed() suppressed}.
 *
 * <p>Defaults: {@link ConnectionOptions#defaults()} (connect time-out 10 s per address), 5
 * attempts, 30 s in total, back-off 100 ms doubling up to 5 s, jitter 0.5 (each pause is shortened
 * by a random part of up to half its length, so clients refused together do not return together),
 * and a thread-local random source. Immutable and thread-safe.
 */
public final class Connector {
  private static final Logger LOG = LoggerFactory.getLogger(Connector.class);
  private static final int MAX_SUPPRESSED = 16;

  private final ConnectionOptions options;
  private final int maxAttempts;
  private final Duration maxTotalTime;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double jitter;
  private final RandomGenerator random;
  private final ReentrantLock randomLock = new ReentrantLock();

  private Connector(Builder b) {
    this.options = b.options;
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
   * Resolves {@code host} and connects to one of its addresses, retrying as described above; the
   * name is resolved again for each attempt.
   *
   * @param host a host name or address literal, such as {@code localhost} or {@code ::1}
   * @param port the TCP port, 0 to 65535
   * @return the open connection
   * @throws java.net.UnknownHostException if the name does not resolve
   * @throws dev.socketkit.ConnectionRefusedException if every attempt was refused
   * @throws TimedOutException if the last attempt timed out
   * @throws InterruptedIOException if the thread was interrupted while backing off
   * @throws IOException if connecting failed otherwise
   */
  public Connection connect(String host, int port) throws IOException {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
    }
    return connect(() -> {
      List<SocketAddress> all = new ArrayList<>();
      for (InetAddress a : InetAddress.getAllByName(host)) {
        all.add(new InetSocketAddress(a, port));
      }
      return all;
    });
  }

  /**
   * Connects to the first of {@code candidates} that accepts, trying them in order, and retries
   * the whole list as described above.
   *
   * @param candidates TCP or Unix-domain addresses, at least one
   * @return the open connection
   * @throws IllegalArgumentException if {@code candidates} is empty
   * @throws dev.socketkit.ConnectionRefusedException if every attempt was refused
   * @throws TimedOutException if the last attempt timed out
   * @throws InterruptedIOException if the thread was interrupted while backing off
   * @throws IOException if connecting failed otherwise
   */
  public Connection connect(List<? extends SocketAddress> candidates) throws IOException {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("candidates: [] (expected: at least one address)");
    }
    List<SocketAddress> copy = List.copyOf(candidates);
    return connect(() -> copy);
  }

  private interface Candidates {
    List<SocketAddress> get() throws IOException;
  }

  private Connection connect(Candidates candidates) throws IOException {
    long start = System.nanoTime();
    long budget = maxTotalTime.isZero() ? Long.MAX_VALUE : maxTotalTime.toNanos();
    List<IOException> failures = new ArrayList<>();
    for (int attempt = 1; ; attempt++) {
      for (SocketAddress address : candidates.get()) {
        long left = budget - (System.nanoTime() - start);
        try {
          return Connection.connect(address, optionsWithin(left));
        } catch (IOException e) {
          if (!retryable(e)) {
            throw withEarlier(e, failures);
          }
          failures.add(e);
          LOG.debug("attempt {}: {}", attempt, e.toString());
        }
      }
      Duration pause = backoff(attempt);
      long left = budget - (System.nanoTime() - start);
      if (attempt >= maxAttempts || pause.toNanos() >= left) {
        IOException last = failures.remove(failures.size() - 1);
        throw withEarlier(last, failures);
      }
      try {
        TimeUnit.NANOSECONDS.sleep(pause.toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        InterruptedIOException ie = new InterruptedIOException(
            "connect: interrupted while backing off after " + attempt + " attempts");
        throw withEarlier(ie, failures);
      }
    }
  }

  private ConnectionOptions optionsWithin(long nanosLeft) {
    Duration limit = options.connectTimeout();
    if (nanosLeft == Long.MAX_VALUE || (!limit.isZero() && limit.toNanos() <= nanosLeft)) {
      return options;
    }
    return options.toBuilder().connectTimeout(Duration.ofNanos(Math.max(1, nanosLeft))).build();
  }

  private static boolean retryable(IOException e) {
    return e instanceof ConnectException
        || e instanceof NoRouteToHostException
        || (e instanceof TimedOutException && ((TimedOutException) e).kind() == TimedOutException.Kind.CONNECT);
  }

  private static IOException withEarlier(IOException e, List<IOException> earlier) {
    int from = Math.max(0, earlier.size() - MAX_SUPPRESSED);
    for (IOException x : earlier.subList(from, earlier.size())) {
      if (x != e) {
        e.addSuppressed(x);
      }
    }
    return e;
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
