package dev.socketkit.testkit;

import dev.socketkit.internal.Checks;
import dev.socketkit.Connection;
import dev.socketkit.ConnectionOptions;
import dev.socketkit.ListenOptions;
import dev.socketkit.Listener;
import dev.socketkit.SocketClosedException;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback proxy that forwards each accepted connection to a target and re-cuts the traffic
 * into small pieces, each flushed on its own, to prove that framing code copes with real sockets
 * splitting messages. It can also slow the traffic down and reset the connection at byte N.
 *
 * <pre>{@code
 * try (Listener server = Listener.bind(new InetSocketAddress("127.0.0.1", 0));
 *     FragmentingRelay relay = FragmentingRelay.to(server.localAddress()).oneBytePieces().start();
 *     Connection client = Connection.connect(relay.address(), Duration.ofSeconds(5))) {
 *   ... // every flush from either side arrives one byte per segment
 * }
 * }</pre>
 *
 * <p>The relay listens on an ephemeral loopback port (or the address given), and for each client
 * connects to the target with {@link Connection#connect}. A half close is forwarded: when one
 * side shuts down its output, the relay does the same towards the other. With {@link
 * Builder#resetAfter(long)}, once that many bytes have passed in total (both directions), the
 * relay resets both connections ({@code SO_LINGER} 0, then close, where the transport supports it;
 * Unix-domain sockets simply close). Its threads are named {@code relay-N-acceptor} and {@code
 * relay-N-M-up}/{@code -down}, and only live ones are kept, so a long test relaying many
 * connections retains nothing of the finished ones; a failing {@code accept()} is retried after a
 * back-off of 5 ms doubling to 1 s. {@link #close()} stops accepting, closes every relayed
 * connection and waits for every thread to end.
 */
public final class FragmentingRelay implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(FragmentingRelay.class);
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final Duration JOIN_LIMIT = Duration.ofSeconds(10);

  private final Builder config;
  private final String name;
  private final Listener listener;
  private final Set<Connection> live = ConcurrentHashMap.newKeySet();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet(); // live ones only
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicInteger sessions = new AtomicInteger();
  private volatile boolean closed;

  private FragmentingRelay(Builder config) throws IOException {
    this.config = config;
    this.name = "relay-" + IDS.incrementAndGet();
    this.listener = Listener.bind(config.listen, ListenOptions.defaults());
    start(name + "-acceptor", this::acceptLoop);
  }

  /**
   * Returns a builder of a relay to {@code target}, with whole pieces (as read), no delay and no
   * reset, listening on an ephemeral port of the IPv4 loopback address.
   *
   * @param target the address to forward to: TCP or Unix-domain
   * @return a new builder
   */
  public static Builder to(SocketAddress target) {
    return new Builder(Objects.requireNonNull(target, "target"));
  }

  /**
   * Returns the address clients connect to.
   *
   * @return the bound address, with the actual port
   */
  public SocketAddress address() {
    return listener.localAddress();
  }

  /**
   * Stops accepting, closes every relayed connection on both sides, and waits for the relay's
   * threads to end; idempotent.
   *
   * @throws IOException if closing the listener fails
   */
  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true; // from here on no session starts
    }
    closing.countDown();
    try {
      listener.close();
    } finally {
      for (Connection c : live) {
        closeQuietly(c);
      }
      for (Thread t : List.copyOf(threads)) {
        try {
          t.join(JOIN_LIMIT.toMillis());
          if (t.isAlive()) {
            log.warn("{}: thread {} still running after {}", name, t.getName(), JOIN_LIMIT);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
  }

  private void start(String threadName, Runnable body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } finally {
        threads.remove(Thread.currentThread()); // a finished pump is not retained
      }
    }, threadName);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void acceptLoop() {
    long backoffMs = 0;
    while (!closed) {
      Connection client;
      try {
        client = listener.accept();
      } catch (SocketClosedException e) {
        return;
      } catch (IOException e) {
        // As the server does: 5 ms doubling to 1 s, so a persistent failure cannot spin.
        backoffMs = backoffMs == 0 ? 5 : Math.min(backoffMs * 2, 1000);
        log.warn("{}: accept failed, retrying in {} ms: {}", name, backoffMs, e.toString());
        if (awaitClosing(Duration.ofMillis(backoffMs))) {
          return;
        }
        continue;
      }
      backoffMs = 0;
      live.add(client);
      Connection upstream;
      try {
        upstream = Connection.connect(config.target,
            ConnectionOptions.builder().connectTimeout(Duration.ofSeconds(10)).build());
      } catch (IOException e) {
        log.warn("{}: connect to {} failed: {}", name, config.target, e.toString());
        live.remove(client);
        closeQuietly(client);
        continue;
      }
      live.add(upstream);
      synchronized (this) {
        if (closed) {
          closeQuietly(client);
          closeQuietly(upstream);
          return;
        }
        String session = name + "-" + sessions.incrementAndGet();
        Session s = new Session(client, upstream);
        start(session + "-up", () -> s.pump(client, upstream, config.seed * 2));
        start(session + "-down", () -> s.pump(upstream, client, config.seed * 2 + 1));
      }
    }
  }

  private boolean awaitClosing(Duration d) {
    try {
      return closing.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (IOException e) {
      log.debug("{}: close {}: {}", name, c, e.toString());
    }
    live.remove(c);
  }

  /** One relayed connection: two pumps sharing a byte budget and an end. */
  private final class Session {
    private final Connection a;
    private final Connection b;
    private final AtomicLong budget;
    private final AtomicInteger pumps = new AtomicInteger(2);

    Session(Connection a, Connection b) {
      this.a = a;
      this.b = b;
      this.budget = new AtomicLong(config.resetAfter == 0 ? Long.MAX_VALUE : config.resetAfter);
    }

    void pump(Connection from, Connection to, long seed) {
      Random random = new Random(seed);
      byte[] buf = new byte[8192];
      try {
        while (true) {
          int want = config.maxPiece == 1 ? 1 : 1 + random.nextInt(config.maxPiece);
          int n = from.input().read(buf, 0, Math.min(want, buf.length));
          if (n < 0) {
            to.shutdownOutput();
            break;
          }
          long left = budget.getAndAdd(-n);
          int send = (int) Math.max(0, Math.min(n, left));
          if (send > 0) {
            to.output().write(buf, 0, send).flush();
          }
          if (send < n || left == n) {
            reset();
            return;
          }
          if (!config.delay.isZero() && awaitClosing(config.delay)) {
            return;
          }
        }
      } catch (IOException e) {
        log.debug("{}: pump {} -> {} ended: {}", name, from, to,
            e.toString());
        finish(true);
        return;
      }
      finish(false);
    }

    /** Closes both connections once both pumps are done, or at once after a failure. */
    private void finish(boolean failed) {
      if (pumps.decrementAndGet() == 0 || failed) {
        closeQuietly(a);
        closeQuietly(b);
      }
    }

    private void reset() {
      for (Connection c : new Connection[] {a, b}) {
        try {
          if (c.supportedOptions().contains(StandardSocketOptions.SO_LINGER)) {
            c.setOption(StandardSocketOptions.SO_LINGER, 0);
          }
        } catch (IOException | UnsupportedOperationException e) {
          log.debug("{}: SO_LINGER on {}: {}", name, c, e.toString());
        }
        closeQuietly(c);
      }
    }
  }

  /** Settings of a {@link FragmentingRelay}; each setter validates its value at once. */
  public static final class Builder {
    private final SocketAddress target;
    private SocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private int maxPiece = 8192;
    private long seed;
    private Duration delay = Duration.ZERO;
    private long resetAfter;

    private Builder(SocketAddress target) {
      this.target = target;
    }

    /**
     * Sets where the relay listens: a loopback TCP address (port 0 for an ephemeral port) or a
     * Unix-domain path; the default is an ephemeral port on the IPv4 loopback address.
     *
     * @param address the address to bind
     * @return this builder
     */
    public Builder listenOn(SocketAddress address) {
      this.listen = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Forwards one byte per piece, each flushed on its own.
     *
     * @return this builder
     */
    public Builder oneBytePieces() {
      this.maxPiece = 1;
      return this;
    }

    /**
     * Forwards pieces of random sizes from 1 to {@code maxPiece} bytes, the same sequence for the
     * same seed (per direction).
     *
     * @param seed the seed
     * @param maxPiece the largest piece, from 1 to 8192
     * @return this builder
     * @throws IllegalArgumentException if {@code maxPiece} is out of range
     */
    public Builder randomPieces(long seed, int maxPiece) {
      Checks.inRange("maxPiece", maxPiece, 1, 8192);
      this.seed = seed;
      this.maxPiece = maxPiece;
      return this;
    }

    /**
     * Waits {@code delay} after each piece; the default is zero, no delay.
     *
     * @param delay the pause between pieces, not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public Builder delay(Duration delay) {
      this.delay = Checks.notNegative("delay", delay);
      return this;
    }

    /**
     * Resets each relayed connection once {@code bytes} bytes have passed through it in total,
     * both directions counted; zero, the default, never resets.
     *
     * @param bytes the bytes to forward before the reset, not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder resetAfter(long bytes) {
      this.resetAfter = Checks.notNegative("resetAfter", bytes);
      return this;
    }

    /**
     * Binds the listening socket and starts the relay.
     *
     * @return the running relay; close it to stop it
     * @throws java.net.BindException if the listen address cannot be bound
     * @throws IOException if binding fails otherwise
     */
    public FragmentingRelay start() throws IOException {
      return new FragmentingRelay(this);
    }
  }
}
