package dev.socketkit.datagram;

import dev.socketkit.ConnectionRefusedException;
import dev.socketkit.SocketClosedException;
import dev.socketkit.TimedOutException;
import dev.socketkit.internal.Checks;
import dev.socketkit.internal.Errors;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends a request datagram to one server and returns the reply, retrying when the request or the
 * reply is lost, and ignoring datagrams that do not answer the request ({@link Correlation}).
 *
 * <pre>{@code
 * try (DatagramClient client = DatagramClient.builder(serverAddress)
 *     .timeout(Duration.ofMillis(500))   // per attempt; default 1 s
 *     .maxAttempts(4)                    // default 3
 *     .build()) {
 *   byte[] reply = client.request("hello".getBytes(UTF_8));
 * }
 * }</pre>
 *
 * <p>Each attempt sends the request and waits up to the {@linkplain Builder#timeout(Duration)
 * time-out} for a matching reply, ignoring the rest (counted by {@link #ignored()}); after {@link
 * Builder#maxAttempts(int)} attempts the request fails with {@link TimedOutException}. So a
 * request takes at most attempts × time-out, and a server may see it up to {@code maxAttempts}
 * times: make requests idempotent, or let the server remember ids. An ICMP "port unreachable"
 * (nothing listens at the server's port) ends an attempt early; if the last attempt is refused
 * the request fails with {@link ConnectionRefusedException}.
 *
 * <p>Requests are served one at a time: concurrent callers wait for each other. Use a client per
 * thread for parallel requests.
 */
public final class DatagramClient implements AutoCloseable {
  private final DatagramEndpoint endpoint;
  private final Duration timeout;
  private final int maxAttempts;
  private final Correlation correlation;
  private final ReentrantLock lock = new ReentrantLock();
  private final LongAdder ignored = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private long nextId = ThreadLocalRandom.current().nextLong();

  private DatagramClient(DatagramEndpoint endpoint, Builder b) {
    this.endpoint = endpoint;
    this.timeout = b.timeout;
    this.maxAttempts = b.maxAttempts;
    this.correlation = b.correlation;
  }

  /**
   * Returns a client of {@code server} with the default settings: 1-second time-out, 3 attempts,
   * {@link Correlation#idPrefix()}.
   *
   * @param server the server's address
   * @return the client, its socket bound and connected
   * @throws IOException if the socket cannot be opened
   */
  public static DatagramClient connect(InetSocketAddress server) throws IOException {
    return builder(server).build();
  }

  /**
   * Returns a builder for a client of {@code server}.
   *
   * @param server the server's address
   * @return a new builder with the defaults
   * @throws IllegalArgumentException if the address is unresolved
   */
  public static Builder builder(InetSocketAddress server) {
    return new Builder(server);
  }

  /**
   * Sends {@code payload} and returns the payload of the matching reply, retrying on loss; see
   * the class comment.
   *
   * @param payload the request (without an id: {@link Correlation#idPrefix()} adds it)
   * @return the reply's payload (without the id)
   * @throws TimedOutException if no matching reply came within any attempt
   * @throws ConnectionRefusedException if the last attempt drew ICMP "port unreachable"
   * @throws DatagramTooLongException if the request is over the protocol's maximum, or a reply
   *     over the limit arrived
   * @throws SocketClosedException if the client was closed, before or during the request
   * @throws IOException if sending or receiving fails otherwise
   */
  public byte[] request(byte[] payload) throws IOException {
    Objects.requireNonNull(payload, "payload");
    lock.lock();
    try {
      byte[] wire = correlation.onWire(payload, nextId++);
      IOException last = null;
      for (int attempt = 1; attempt <= maxAttempts; attempt++) {
        if (attempt > 1) {
          retries.increment();
        }
        try {
          endpoint.send(wire);
          byte[] reply = awaitReply(payload, wire);
          if (reply != null) {
            return reply;
          }
          last = null;
        } catch (ConnectionRefusedException e) {
          last = e;
        }
      }
      if (last != null) {
        throw last;
      }
      throw new TimedOutException("request " + Errors.ends(endpoint.localAddress(),
          endpoint.remoteAddress()) + ": no reply in " + maxAttempts + " attempts of " + timeout
          + " each", TimedOutException.Kind.READ, timeout);
    } finally {
      lock.unlock();
    }
  }

  /** Waits one attempt's time for a reply that answers {@code wire}; null if none came. */
  private byte[] awaitReply(byte[] payload, byte[] wire) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      Datagram d;
      try {
        d = endpoint.receive(Duration.ofNanos(left));
      } catch (TimedOutException e) {
        return null;
      }
      byte[] answer = correlation.answer(payload, wire, d.payload());
      if (answer != null) {
        return answer;
      }
      ignored.increment();
    }
  }

  /**
   * Returns how many datagrams from the server were ignored because they answered no pending
   * request: duplicates, late replies to earlier requests, garbage.
   *
   * @return the count
   */
  public long ignored() {
    return ignored.sum();
  }

  /**
   * Returns how many attempts were repeats: requests sent again after a time-out or a refusal.
   *
   * @return the count
   */
  public long retries() {
    return retries.sum();
  }

  /**
   * Returns the client's bound address.
   *
   * @return the local address
   */
  public InetSocketAddress localAddress() {
    return endpoint.localAddress();
  }

  /**
   * Returns the server's address.
   *
   * @return the remote address
   */
  public InetSocketAddress remoteAddress() {
    return endpoint.remoteAddress();
  }

  /**
   * Closes the socket; a request in progress fails with {@link SocketClosedException}. Calling
   * it again does nothing.
   *
   * @throws IOException if closing fails
   */
  @Override
  public void close() throws IOException {
    endpoint.close();
  }

  @Override
  public String toString() {
    return "DatagramClient{" + Errors.ends(endpoint.localAddress(), endpoint.remoteAddress())
        + ", " + correlation + ", " + maxAttempts + " x " + timeout + "}";
  }

  /** Builds a {@link DatagramClient}; every setter checks its argument at once. */
  public static final class Builder {
    private final InetSocketAddress server;
    private Duration timeout = Duration.ofSeconds(1);
    private int maxAttempts = 3;
    private Correlation correlation = Correlation.idPrefix();
    private DatagramOptions options = DatagramOptions.defaults();

    private Builder(InetSocketAddress server) {
      Objects.requireNonNull(server, "server");
      if (server.isUnresolved()) {
        throw new IllegalArgumentException("server: " + server + " is unresolved");
      }
      this.server = server;
    }

    /**
     * Sets how long each attempt waits for its reply; default 1 second.
     *
     * @param timeout more than zero
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets how many times a request is sent at most; default 3.
     *
     * @param attempts at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = Checks.atLeast("maxAttempts", attempts, 1);
      return this;
    }

    /**
     * Sets how replies are matched to requests; default {@link Correlation#idPrefix()}.
     *
     * @param correlation the rule
     * @return this builder
     */
    public Builder correlation(Correlation correlation) {
      this.correlation = Objects.requireNonNull(correlation, "correlation");
      return this;
    }

    /**
     * Sets the client socket's options, such as the longest reply accepted; default {@link
     * DatagramOptions#defaults()}.
     *
     * @param options the socket options
     * @return this builder
     */
    public Builder socketOptions(DatagramOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Binds a socket on the wildcard address of the server's family (an ephemeral port),
     * connects it to the server and returns the client.
     *
     * @return the client
     * @throws IOException if the socket cannot be opened
     */
    public DatagramClient build() throws IOException {
      InetAddress any = server.getAddress() instanceof Inet4Address
          ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName("::");
      DatagramEndpoint e = DatagramEndpoint.bind(new InetSocketAddress(any, 0), options);
      try {
        e.connect(server);
      } catch (IOException | RuntimeException ex) {
        e.close();
        throw ex;
      }
      return new DatagramClient(e, this);
    }
  }
}
