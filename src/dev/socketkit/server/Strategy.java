package dev.socketkit.server;

import dev.socketkit.internal.VirtualThreads;
import java.util.Objects;

/**
 * Which threads accept connections and run the {@link SessionHandler}: a value chosen from the
 * static factories below and passed to {@link Server#of(java.net.SocketAddress, Strategy,
 * ServerOptions, SessionHandler)}. Switching strategy never changes handler code.
 *
 * <table class="striped">
 *   <caption>The strategies</caption>
 *   <thead><tr><th>Factory</th><th>Threads</th><th>When all are busy</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link #iterative()}</td><td>one, accepting and serving in turn</td>
 *       <td>clients wait in the backlog</td></tr>
 *   <tr><td>{@link #threadPerConnection()}</td><td>an acceptor and a new thread per client</td>
 *       <td>never busy; bounded by {@link ServerOptions#maxConnections()}</td></tr>
 *   <tr><td>{@link #pooled(int, int, Overflow)}</td><td>an acceptor, a queue, fixed workers</td>
 *       <td>queued, then the {@link Overflow} policy</td></tr>
 *   <tr><td>{@link #prestartedAccept(int)}</td><td>N handlers, each blocking in {@code accept()}</td>
 *       <td>clients wait in the backlog</td></tr>
 *   <tr><td>{@link #prestartedHandoff(int)}</td><td>an acceptor handing to idle handlers</td>
 *       <td>clients wait in the backlog</td></tr>
 *   <tr><td>{@link #reusePort(int, int)}</td><td>N listeners on one port, handlers on each</td>
 *       <td>clients wait in that listener's backlog</td></tr>
 *   <tr><td>{@link #virtualThreads()}</td><td>an acceptor and a virtual thread per client</td>
 *       <td>never busy, or capped</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Every strategy honours the same {@link ServerOptions}: connection limit, time limits, and
 * graceful shutdown. Pre-started strategies can be made elastic with {@link
 * #withSpareHandlers(int, int, int)}.
 */
public final class Strategy {
  enum Kind { ITERATIVE, THREAD_PER_CONNECTION, POOLED, PRESTARTED_ACCEPT, PRESTARTED_HANDOFF, REUSE_PORT, VIRTUAL }

  private final Kind kind;
  private final int threads;
  private final int queueCapacity;
  private final Overflow whenFull;
  private final int listeners;
  private final int minSpare;
  private final int maxSpare;
  private final int maxHandlers;

  private Strategy(Kind kind, int threads, int queueCapacity, Overflow whenFull, int listeners,
      int minSpare, int maxSpare, int maxHandlers) {
    this.kind = kind;
    this.threads = threads;
    this.queueCapacity = queueCapacity;
    this.whenFull = whenFull;
    this.listeners = listeners;
    this.minSpare = minSpare;
    this.maxSpare = maxSpare;
    this.maxHandlers = maxHandlers;
  }

  private static Strategy of(Kind kind, int threads) {
    return new Strategy(kind, threads, 0, Overflow.WAIT, 1, 0, 0, threads);
  }

  /**
   * Returns the iterative strategy: one thread accepts a client, serves it to the end, then
   * accepts the next; the others wait in the listen backlog. The baseline, and right for short
   * sessions that must be serialised.
   *
   * @return the strategy
   */
  public static Strategy iterative() {
    return of(Kind.ITERATIVE, 1);
  }

  /**
   * Returns the thread-per-connection strategy: an acceptor thread starts a new platform thread
   * for each client, which ends with the session.
   *
   * @return the strategy
   */
  public static Strategy threadPerConnection() {
    return of(Kind.THREAD_PER_CONNECTION, 0);
  }

  /**
   * Returns the pooled strategy: an acceptor puts each connection in a bounded queue that a fixed
   * pool of worker threads serves in order.
   *
   * @param workers the number of worker threads, 1 to 10000
   * @param queueCapacity how many accepted connections may wait for a worker, 1 to 1000000
   * @param whenFull what the acceptor does when the queue is full: {@link Overflow#WAIT} holds it
   *     so new clients wait in the backlog; {@link Overflow#CLOSE} and {@link Overflow#BUSY_REPLY}
   *     reject the connection, counted as {@link RejectReason#QUEUE_FULL}
   * @return the strategy
   * @throws IllegalArgumentException if a count is out of range
   */
  public static Strategy pooled(int workers, int queueCapacity, Overflow whenFull) {
    check("workers", workers, 1, 10_000);
    check("queueCapacity", queueCapacity, 1, 1_000_000);
    Objects.requireNonNull(whenFull, "whenFull");
    return new Strategy(Kind.POOLED, workers, queueCapacity, whenFull, 1, 0, 0, workers);
  }

  /**
   * Returns a pre-started strategy where {@code handlers} threads, started before the first
   * client, each block in {@code accept()} on the shared listener and serve the client they got
   * (the kernel and the JDK hand each connection to exactly one of them).
   *
   * @param handlers the number of handler threads, 1 to 10000
   * @return the strategy
   * @throws IllegalArgumentException if {@code handlers} is out of range
   */
  public static Strategy prestartedAccept(int handlers) {
    return of(Kind.PRESTARTED_ACCEPT, check("handlers", handlers, 1, 10_000));
  }

  /**
   * Returns a pre-started strategy where one acceptor thread waits for an idle handler, accepts a
   * client and hands its connection to that handler; while no handler is idle, clients wait in
   * the backlog.
   *
   * @param handlers the number of handler threads, 1 to 10000
   * @return the strategy
   * @throws IllegalArgumentException if {@code handlers} is out of range
   */
  public static Strategy prestartedHandoff(int handlers) {
    return of(Kind.PRESTARTED_HANDOFF, check("handlers", handlers, 1, 10_000));
  }

  /**
   * Returns a pre-started strategy with {@code listeners} listening sockets bound to the same
   * port with {@code SO_REUSEPORT}, each with {@code handlersPerListener} threads blocking in its
   * {@code accept()}; the kernel spreads new connections over the listeners. Only for TCP on
   * platforms with {@code SO_REUSEPORT} (such as Linux): elsewhere {@link Server#start()} throws
   * {@link UnsupportedOperationException}. With a {@linkplain ServerOptions#maxConnections()
   * connection limit} and {@link Overflow#WAIT}, a handler waits for room after accepting rather
   * than before (a permit held while blocking in one listener's {@code accept()} would starve a
   * client the kernel queued on another), so up to one client per handler waits accepted.
   *
   * @param listeners the number of listening sockets, 1 to 64
   * @param handlersPerListener the handler threads of each, 1 to 10000
   * @return the strategy
   * @throws IllegalArgumentException if a count is out of range
   */
  public static Strategy reusePort(int listeners, int handlersPerListener) {
    check("listeners", listeners, 1, 64);
    check("handlersPerListener", handlersPerListener, 1, 10_000);
    return new Strategy(Kind.REUSE_PORT, handlersPerListener, 0, Overflow.WAIT, listeners, 0, 0,
        handlersPerListener);
  }

  /**
   * Returns the virtual-thread strategy with no cap of its own: an acceptor starts a virtual
   * thread for each client (Java 21 or later).
   *
   * @return the strategy
   * @throws UnsupportedOperationException if this JVM has no virtual threads; see {@link
   *     #virtualThreadsAvailable()}
   */
  public static Strategy virtualThreads() {
    return virtualThreads(0);
  }

  /**
   * Returns the virtual-thread strategy: an acceptor starts a virtual thread for each client
   * (Java 21 or later), and stops accepting while {@code cap} of them run, so clients wait in the
   * backlog.
   *
   * @param cap the most virtual threads at once, zero for no cap beyond {@link
   *     ServerOptions#maxConnections()}
   * @return the strategy
   * @throws IllegalArgumentException if {@code cap} is negative
   * @throws UnsupportedOperationException if this JVM has no virtual threads; see {@link
   *     #virtualThreadsAvailable()}
   */
  public static Strategy virtualThreads(int cap) {
    check("cap", cap, 0, Integer.MAX_VALUE);
    if (!VirtualThreads.available()) {
      throw VirtualThreads.unavailable();
    }
    return of(Kind.VIRTUAL, cap);
  }

  /**
   * Returns whether {@link #virtualThreads()} can be used: {@code true} on Java 21 and later.
   *
   * @return whether virtual threads are available
   */
  public static boolean virtualThreadsAvailable() {
    return VirtualThreads.available();
  }

  /**
   * Returns this pre-started strategy made elastic: handlers are added while fewer than {@code
   * minSpare} are idle, up to {@code maxHandlers} in all (per listener for {@link #reusePort(int,
   * int)}), and a handler ends after a session when {@code maxSpare} others are idle. The number
   * given to the factory is how many start.
   *
   * @param minSpare the fewest idle handlers to keep, 0 or more
   * @param maxSpare the most idle handlers to keep, at least 1 and at least {@code minSpare}
   * @param maxHandlers the most handlers, at least the starting number and at least {@code
   *     maxSpare}, at most 10000
   * @return a new strategy
   * @throws IllegalArgumentException if the numbers are out of range or inconsistent
   * @throws UnsupportedOperationException if this is not a pre-started strategy
   */
  public Strategy withSpareHandlers(int minSpare, int maxSpare, int maxHandlers) {
    if (kind != Kind.PRESTARTED_ACCEPT && kind != Kind.PRESTARTED_HANDOFF && kind != Kind.REUSE_PORT) {
      throw new UnsupportedOperationException("spare handlers need a pre-started strategy, not " + this);
    }
    check("minSpare", minSpare, 0, 10_000);
    check("maxSpare", maxSpare, Math.max(1, minSpare), 10_000);
    check("maxHandlers", maxHandlers, Math.max(threads, maxSpare), 10_000);
    return new Strategy(kind, threads, 0, Overflow.WAIT, listeners, minSpare, maxSpare, maxHandlers);
  }

  int listenerCount() {
    return listeners;
  }

  Engine newEngine(ServerCore core) {
    switch (kind) {
      case ITERATIVE:
        return new SimpleEngines.Iterative(core);
      case THREAD_PER_CONNECTION:
        return new SimpleEngines.PerConnection(core, false, 0);
      case VIRTUAL:
        return new SimpleEngines.PerConnection(core, true, threads);
      case POOLED:
        return new PooledEngine(core, threads, queueCapacity, whenFull);
      case PRESTARTED_HANDOFF:
        return new HandoffEngine(core, spares());
      default:
        return new PrestartedEngine(core, this::spares);
    }
  }

  private Spares spares() {
    return new Spares(threads, minSpare, maxSpare, maxHandlers);
  }

  private static int check(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + " to " + max + ")");
    }
    return value;
  }

  /**
   * Returns whether {@code o} is a strategy of the same kind with the same parameters.
   *
   * @param o the object to compare with
   * @return whether the two strategies are equal
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Strategy && toString().equals(o.toString());
  }

  /**
   * Returns a hash code consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /**
   * Returns the strategy and its parameters, such as {@code pooled(workers=4, queue=16,
   * whenFull=WAIT)}.
   *
   * @return a description
   */
  @Override
  public String toString() {
    String elastic = maxSpare == 0 ? ""
        : ", minSpare=" + minSpare + ", maxSpare=" + maxSpare + ", maxHandlers=" + maxHandlers;
    switch (kind) {
      case ITERATIVE:
        return "iterative()";
      case THREAD_PER_CONNECTION:
        return "threadPerConnection()";
      case POOLED:
        return "pooled(workers=" + threads + ", queue=" + queueCapacity + ", whenFull=" + whenFull + ")";
      case PRESTARTED_ACCEPT:
        return "prestartedAccept(handlers=" + threads + elastic + ")";
      case PRESTARTED_HANDOFF:
        return "prestartedHandoff(handlers=" + threads + elastic + ")";
      case REUSE_PORT:
        return "reusePort(listeners=" + listeners + ", handlersPerListener=" + threads + elastic + ")";
      default:
        return "virtualThreads(cap=" + threads + ")";
    }
  }
}
