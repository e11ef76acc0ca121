package dev.socketkit.datagram;

import dev.socketkit.internal.Checks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A UDP server: a bound socket, a {@link DatagramStrategy} that decides which thread handles each
 * datagram, and the caller's {@link DatagramHandler}, with counters, events, logging and a
 * graceful shutdown that are the same under every strategy.
 *
 * <pre>{@code
 * DatagramHandler echo = (request, replies) -> replies.send(request.payload());
 * try (DatagramServer server = DatagramServer.of(new InetSocketAddress("127.0.0.1", 0),
 *     DatagramStrategy.pooled(4, 256), echo).start()) {
 *   System.out.println("receiving on " + server.localAddress());
 *   ...
 *   DatagramShutdownReport report = server.shutdown(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 * {@link #start()} binds and starts the strategy's threads; datagrams are handled from then on.
 * {@link #shutdown(Duration)} stops receiving at once (the receiver is woken by an empty
 * datagram the server sends itself, so the socket stays open for replies), lets handlers that are
 * running or queued finish within the grace period, then drops what is still queued, interrupts
 * the handlers still running and closes the socket. When it returns no server thread is alive,
 * the socket is closed and the port can be bound again. Later calls return the first report;
 * {@link #close()} is a shutdown with the {@linkplain DatagramServerOptions#shutdownGrace()
 * configured grace period}.
 *
 * <h2>Failures</h2>
 * A handler that throws is logged once (WARN, with the sender and the stack trace), counted as
 * {@linkplain DatagramServerStats#failed() failed} and reported to {@link
 * DatagramServerEvents#failed}; the server goes on. A datagram over {@link
 * DatagramServerOptions#maxDatagramBytes()} is dropped and counted, never handed over cut short.
 * A failing receive is logged and retried after 5 ms, doubling to 1 s.
 *
 * <h2>Threads</h2>
 * Named after the server and their role: {@code <name>-receiver}, {@code <name>-worker-3},
 * {@code <name>-virtual-17}. Methods of this class are thread-safe; {@link #shutdown(Duration)}
 * must not be called from a handler, which would wait for itself.
 */
public final class DatagramServer implements AutoCloseable {
  private enum State { NEW, RUNNING, STOPPED }

  private final InetSocketAddress address;
  private final DatagramStrategy strategy;
  private final DatagramServerOptions options;
  private final ServerLoop loop;
  private final ReentrantLock lifecycle = new ReentrantLock();
  private State state = State.NEW;
  private Engine engine;
  private DatagramShutdownReport report;

  private DatagramServer(InetSocketAddress address, DatagramStrategy strategy,
      DatagramServerOptions options, DatagramHandler handler) {
    this.address = Objects.requireNonNull(address, "address");
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    this.options = Objects.requireNonNull(options, "options");
    this.loop = new ServerLoop(options, Objects.requireNonNull(handler, "handler"));
  }

  /**
   * Returns an unstarted server with the {@linkplain DatagramServerOptions#defaults() default
   * options}.
   *
   * @param address where to receive: an IPv4 or IPv6 address (or the wildcard) and a port, 0 for
   *     any free port
   * @param strategy which threads run the handler
   * @param handler the per-datagram logic
   * @return the server; call {@link #start()}
   */
  public static DatagramServer of(InetSocketAddress address, DatagramStrategy strategy,
      DatagramHandler handler) {
    return of(address, strategy, DatagramServerOptions.defaults(), handler);
  }

  /**
   * Returns an unstarted server.
   *
   * @param address where to receive, port 0 for any free port
   * @param strategy which threads run the handler
   * @param options name, size limit, buffer, grace period and events
   * @param handler the per-datagram logic
   * @return the server; call {@link #start()}
   */
  public static DatagramServer of(InetSocketAddress address, DatagramStrategy strategy,
      DatagramServerOptions options, DatagramHandler handler) {
    return new DatagramServer(address, strategy, options, handler);
  }

  /**
   * Binds the socket, starts the strategy's threads, and returns once datagrams are received.
   *
   * @return this server
   * @throws IllegalStateException if the server was started or shut down before
   * @throws java.net.BindException if the port is in use; nothing is left open
   * @throws IOException if binding fails otherwise; nothing is left open
   */
  public DatagramServer start() throws IOException {
    lifecycle.lock();
    try {
      if (state != State.NEW) {
        throw new IllegalStateException("datagram server " + loop.name + " is " + state
            + " (expected: NEW)");
      }
      loop.endpoint = DatagramEndpoint.bind(address, options.endpointOptions());
      state = State.RUNNING;
      engine = Engine.of(strategy, loop);
      try {
        engine.start();
      } catch (RuntimeException | Error e) {
        shutdown(Duration.ZERO); // the lock is reentrant
        throw e;
      }
      ServerLoop.LOG.info("{}: receiving on {} with {}", loop.name,
          dev.socketkit.internal.Errors.format(localAddress()), strategy);
      return this;
    } finally {
      lifecycle.unlock();
    }
  }

  /**
   * Returns the bound address, with the real port when 0 was asked for. Still answers after
   * shutdown.
   *
   * @return the local address
   * @throws IllegalStateException if the server was never started
   */
  public InetSocketAddress localAddress() {
    DatagramEndpoint e = loop.endpoint;
    if (e == null) {
      throw new IllegalStateException("datagram server " + loop.name + " is not started");
    }
    return e.localAddress();
  }

  /**
   * Returns the server's name, from {@link DatagramServerOptions#name()}.
   *
   * @return the name
   */
  public String name() {
    return loop.name;
  }

  /**
   * Returns the strategy this server was created with.
   *
   * @return the strategy
   */
  public DatagramStrategy strategy() {
    return strategy;
  }

  /**
   * Returns a snapshot of the counters; may be called at any time, also after shutdown.
   *
   * @return the counters now
   */
  public DatagramServerStats stats() {
    return loop.counters.snapshot();
  }

  /**
   * Stops receiving, waits up to {@code grace} for running and queued handlers to finish, then
   * drops what is still queued, interrupts the handlers still running and closes the socket;
   * returns when every thread of the server has ended. A handler that ignores both the interrupt
   * and the closed socket delays the return until it ends, logged by name every ten seconds.
   * Called on an unstarted server, it makes it unusable and reports nothing. An interrupt of the
   * calling thread ends the grace period early and is kept.
   *
   * @param grace how long handlers may take to finish; zero cuts them off at once
   * @return what happened: handled, dropped, cut off, and how long it took
   * @throws IllegalStateException if called from one of this server's own threads
   * @throws IllegalArgumentException if {@code grace} is negative
   */
  public DatagramShutdownReport shutdown(Duration grace) {
    checkGrace(grace);
    if (loop.crew.snapshot().contains(Thread.currentThread())) {
      throw new IllegalStateException("shutdown called from " + Thread.currentThread().getName()
          + ", a thread of datagram server " + loop.name + ", which would wait for itself");
    }
    lifecycle.lock();
    try {
      if (report == null) {
        report = state == State.NEW
            ? new DatagramShutdownReport(0, 0, List.of(), Duration.ZERO) : stop(grace);
        state = State.STOPPED;
      }
      return report;
    } finally {
      lifecycle.unlock();
    }
  }

  static Duration checkGrace(Duration grace) {
    return Checks.notNegative("grace", grace);
  }

  private DatagramShutdownReport stop(Duration grace) {
    long start = System.nanoTime();
    Counters c = loop.counters;
    long finishedBefore = c.handled.sum() + c.failed.sum();
    long droppedBefore = c.snapshot().dropped(DropReason.SHUTDOWN);
    loop.stop();
    long deadline = start + Math.min(grace.toNanos(), Long.MAX_VALUE / 4);
    List<String> cutOff = List.of();
    if (!loop.crew.awaitEmpty(deadline)) {
      cutOff = loop.cutOff();
      engine.abandon();
      loop.crew.interruptAll();
      loop.closeEndpoint();
      long tenSeconds = Duration.ofSeconds(10).toNanos();
      boolean interrupted = false;
      while (!loop.crew.awaitEmpty(System.nanoTime() + tenSeconds)) {
        if (Thread.interrupted()) {
          interrupted = true;
          continue;
        }
        ServerLoop.LOG.warn("{}: still waiting for threads to end: {}", loop.name, loop.crew.snapshot());
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    loop.closeEndpoint();
    loop.crew.joinPlatformThreads();
    DatagramShutdownReport r = new DatagramShutdownReport(
        c.handled.sum() + c.failed.sum() - finishedBefore,
        c.snapshot().dropped(DropReason.SHUTDOWN) - droppedBefore,
        cutOff, Duration.ofNanos(System.nanoTime() - start));
    ServerLoop.LOG.info("{}: shut down: {}", loop.name, r);
    return r;
  }

  /**
   * Shuts down with the {@linkplain DatagramServerOptions#shutdownGrace() configured grace
   * period}; does nothing if already shut down.
   *
   * @throws IllegalStateException if called from one of this server's own threads
   */
  @Override
  public void close() {
    shutdown(options.shutdownGrace());
  }

  /**
   * Returns the name, strategy and address of this server.
   *
   * @return a description
   */
  @Override
  public String toString() {
    DatagramEndpoint e = loop.endpoint;
    return "DatagramServer{" + loop.name + ", " + strategy
        + (e == null ? "" : ", " + dev.socketkit.internal.Errors.format(e.localAddress())) + "}";
  }
}
