package dev.socketkit.server;

import dev.socketkit.ListenOptions;
import dev.socketkit.Listener;
import dev.socketkit.internal.Checks;
import dev.socketkit.internal.Errors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A server: a listening socket, a {@link Strategy} that decides which thread serves each client,
 * and the caller's {@link SessionHandler}, with limits, time limits, counters and a graceful
 * shutdown that are the same under every strategy.
 *
 * <pre>{@code
 * SessionHandler upperCase = connection -> { ... };   // talks to one client
 * try (Server server = Server.of(new InetSocketAddress("127.0.0.1", 0),
 *     Strategy.pooled(8, 64, Overflow.WAIT), upperCase).start()) {
 *   System.out.println("listening on " + server.localAddress());
 *   ...
 *   ShutdownReport report = server.shutdown(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 * {@link #start()} binds and listens, starts the strategy's threads and returns; clients can
 * connect from then on. {@link #shutdown(Duration)} stops accepting at once (closing the listener
 * wakes every blocked {@code accept()}), lets running sessions finish within the grace period,
 * then interrupts the rest and closes their connections. When it returns, none of the server's
 * threads is alive, every connection and the listener are closed, and the address can be bound
 * again. It may be called more than once and from several threads; later calls wait for the first
 * and return its report. {@link #close()} is a shutdown with the {@linkplain
 * ServerOptions#shutdownGrace() configured grace period}.
 *
 * <h2>Sessions</h2>
 * The handler receives the accepted {@link dev.socketkit.Connection} itself, with the {@linkplain
 * ServerOptions#idleTimeout() idle time-out} as its read time-out, the {@linkplain
 * ServerOptions#writeTimeout() write time-out} and, if configured, a {@linkplain
 * ServerOptions#sessionDeadline() deadline}; a session id goes into the SLF4J MDC under {@link
 * #MDC_SESSION_KEY} while the handler runs. Each accepted connection is served or rejected exactly
 * once and its connection permit released once, whichever thread the strategy runs it on. A
 * handler that throws is logged once with the client's address, its connection is closed and the
 * server serves the others. Beyond {@link ServerOptions#maxConnections()} running sessions, the
 * {@link Overflow} policy applies. A failing {@code accept()} (such as "too many open files") is
 * logged and retried after a back-off of 5 ms doubling to 1 s; the server never stops accepting
 * on its own.
 *
 * <h2>Threads</h2>
 * Threads are named after the server and their role: {@code <name>-acceptor}, {@code
 * <name>-worker-3}, {@code <name>-handler-2}, {@code <name>-session-17}, {@code
 * <name>-virtual-5}. Methods of this class are thread-safe; {@link #shutdown(Duration)} must not
 * be called from a session handler, which would wait for itself.
 */
public final class Server implements AutoCloseable {
  /** The SLF4J MDC key under which the session id is set while a handler runs. */
  public static final String MDC_SESSION_KEY = "socketkit.session";

  /** Binds a listener; a seam for tests that need a listener that fails. */
  interface Binder {
    Listener bind(SocketAddress address, ListenOptions options) throws IOException;
  }

  private enum State { NEW, RUNNING, STOPPED }

  private final SocketAddress address;
  private final Strategy strategy;
  private final Binder binder;
  private final ServerCore core;
  private final ReentrantLock lifecycle = new ReentrantLock();
  private State state = State.NEW;
  private Engine engine;
  private ShutdownReport report;

  private Server(SocketAddress address, Strategy strategy, ServerOptions options,
      SessionHandler handler, Binder binder) {
    this.address = Objects.requireNonNull(address, "address");
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    this.binder = binder;
    this.core = new ServerCore(Objects.requireNonNull(options, "options"),
        Objects.requireNonNull(handler, "handler"));
    this.core.strategy = strategy.toString();
    this.core.starvation = new Starvation(core.name, core.strategy, System::nanoTime);
  }

  /** For tests: the clock of the starvation WARN's rate limit; before {@link #start()} only. */
  Server starvationClock(LongSupplier nanoTime) {
    core.starvation = new Starvation(core.name, core.strategy, nanoTime);
    return this;
  }

  /**
   * Returns an unstarted server with the {@linkplain ServerOptions#defaults() default options}.
   *
   * @param address where to listen: an {@link InetSocketAddress} (port 0 picks a free port) or a
   *     {@link java.net.UnixDomainSocketAddress}
   * @param strategy which threads serve the clients
   * @param handler the per-connection logic
   * @return the server; call {@link #start()}
   */
  public static Server of(SocketAddress address, Strategy strategy, SessionHandler handler) {
    return of(address, strategy, ServerOptions.defaults(), handler);
  }

  /**
   * Returns an unstarted server.
   *
   * @param address where to listen: an {@link InetSocketAddress} (port 0 picks a free port) or a
   *     {@link java.net.UnixDomainSocketAddress}
   * @param strategy which threads serve the clients
   * @param options name, limits, time limits, event hook and listen options
   * @param handler the per-connection logic
   * @return the server; call {@link #start()}
   */
  public static Server of(SocketAddress address, Strategy strategy, ServerOptions options,
      SessionHandler handler) {
    return new Server(address, strategy, options, handler, Listener::bind);
  }

  static Server of(SocketAddress address, Strategy strategy, ServerOptions options,
      SessionHandler handler, Binder binder) {
    return new Server(address, strategy, options, handler, binder);
  }

  /**
   * Binds the listening socket (or sockets, for {@link Strategy#reusePort(int, int)}), starts the
   * strategy's threads, and returns once clients can connect.
   *
   * @return this server
   * @throws IllegalStateException if the server was started or shut down before
   * @throws java.net.BindException if the address is in use; nothing is left open
   * @throws UnsupportedOperationException if the strategy needs {@code SO_REUSEPORT} and the
   *     platform or transport lacks it; nothing is left open
   * @throws IOException if binding fails otherwise; nothing is left open
   */
  public Server start() throws IOException {
    lifecycle.lock();
    try {
      if (state != State.NEW) {
        throw new IllegalStateException("server " + core.name + " is " + state + " (expected: NEW)");
      }
      core.listeners = bindAll();
      state = State.RUNNING;
      engine = Engine.of(strategy, core);
      try {
        engine.start();
      } catch (RuntimeException | Error e) {
        shutdown(Duration.ZERO); // the lock is reentrant
        throw e;
      }
      ServerCore.LOG.info("{}: listening on {} with {}", core.name, Errors.format(localAddress()), strategy);
      return this;
    } finally {
      lifecycle.unlock();
    }
  }

  private List<Listener> bindAll() throws IOException {
    int n = Engine.listeners(strategy);
    ListenOptions listen = n > 1 ? core.options.listenOptions().toBuilder().reusePort(true).build()
        : core.options.listenOptions();
    List<Listener> bound = new ArrayList<>(n);
    try {
      bound.add(binder.bind(address, listen));
      SocketAddress actual = bound.get(0).localAddress(); // the real port when 0 was asked for
      while (bound.size() < n) {
        bound.add(binder.bind(actual, listen));
      }
      return List.copyOf(bound);
    } catch (IOException | RuntimeException e) {
      for (Listener l : bound) {
        ServerCore.closeQuietly(l, address);
      }
      throw e;
    }
  }

  /**
   * Returns the bound address, with the actual port when port 0 was asked for. Still answers
   * after shutdown.
   *
   * @return the local address
   * @throws IllegalStateException if the server was never started
   */
  public SocketAddress localAddress() {
    List<Listener> listeners = core.listeners;
    if (listeners.isEmpty()) {
      throw new IllegalStateException("server " + core.name + " is not started");
    }
    return listeners.get(0).localAddress();
  }

  /**
   * Returns the server's name, from {@link ServerOptions#name()}.
   *
   * @return the name
   */
  public String name() {
    return core.name;
  }

  /**
   * Returns the strategy this server was created with.
   *
   * @return the strategy
   */
  public Strategy strategy() {
    return strategy;
  }

  /**
   * Returns a snapshot of the counters; may be called at any time, also after shutdown.
   *
   * @return the counters now
   */
  public ServerStats stats() {
    return core.stats();
  }

  /**
   * Returns the sessions running now. Finished sessions are never retained.
   *
   * @return an unmodifiable snapshot
   */
  public List<SessionInfo> liveSessions() {
    return core.liveSessions();
  }

  /**
   * Stops accepting, waits up to {@code grace} for running sessions (and connections queued for
   * a worker) to finish, then interrupts the handlers still running and closes their
   * connections; returns when every thread of the server has ended. A handler that ignores both
   * the interrupt and the closed connection delays the return until it ends; it is logged by name
   * every ten seconds. If another thread is already shutting down, waits for it and returns its
   * report; calling it on an unstarted server makes it unusable and reports nothing. An interrupt
   * of the calling thread ends the grace period early and is kept.
   *
   * @param grace how long running sessions may take to finish; zero cuts them off at once
   * @return what happened: sessions finished, cut off, and how long it took
   * @throws IllegalStateException if called from one of this server's own threads
   * @throws IllegalArgumentException if {@code grace} is negative
   */
  public ShutdownReport shutdown(Duration grace) {
    Checks.notNegative("grace", grace);
    if (core.threads.snapshot().contains(Thread.currentThread())) {
      throw new IllegalStateException("shutdown called from " + Thread.currentThread().getName()
          + ", a thread of server " + core.name + ", which would wait for itself");
    }
    lifecycle.lock();
    try {
      if (report == null) {
        report = state == State.NEW ? new ShutdownReport(0, List.of(), Duration.ZERO) : core.stop(engine, grace);
        state = State.STOPPED;
      }
      return report;
    } finally {
      lifecycle.unlock();
    }
  }

  /**
   * Shuts down with the {@linkplain ServerOptions#shutdownGrace() configured grace period}; does
   * nothing if already shut down.
   *
   * @throws IllegalStateException if called from one of this server's own threads
   */
  @Override
  public void close() {
    shutdown(core.options.shutdownGrace());
  }

  /**
   * Returns the name, strategy and address of this server.
   *
   * @return a description
   */
  @Override
  public String toString() {
    List<Listener> listeners = core.listeners;
    return "Server{" + core.name + ", " + strategy
        + (listeners.isEmpty() ? "" : ", " + Errors.format(listeners.get(0).localAddress())) + "}";
  }
}
