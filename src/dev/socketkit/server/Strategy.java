package dev.socketkit.server;

import dev.socketkit.internal.Checks;
import java.util.List;
import java.util.Objects;

/**
 * Which threads accept connections and run the {@link SessionHandler}: a value, one record per
 * strategy, chosen from the static factories below and passed to {@link
 * Server#of(java.net.SocketAddress, Strategy, ServerOptions, SessionHandler)}. Switching strategy
 * never changes handler code. Each record's fields mean one thing each, and its {@code equals},
 * {@code hashCode} and {@code toString} are the record's.
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
 * <p>When every handler of a pre-started strategy (that cannot add one), every pooled worker, or
 * every virtual thread a cap allows is busy, so that clients wait, the server counts it ({@link ServerStats#starved()}, {@link
 * ServerStats#waitedForHandler()}, {@link ServerStats#queued()}) and logs a WARN naming the server,
 * the strategy and the clients waiting, at most once per server every 10 seconds. Size the
 * pre-started strategies by concurrent sessions, not by CPUs, make them elastic, or use virtual
 * threads.
 *
 * <p>Every strategy honours the same {@link ServerOptions}: connection limit, time limits, and
 * graceful shutdown. The pre-started strategies can be made elastic with their {@code
 * withSpareHandlers} method. {@link #named(String)} reads a strategy from a short name such as
 * {@code "pooled:8:64"}, for command lines and configuration.
 */
public sealed interface Strategy {

  /**
   * One thread accepts a client, serves it to the end, then accepts the next; see {@link
   * #iterative()}.
   */
  record Iterative() implements Strategy {}

  /** An acceptor starts a platform thread per client; see {@link #threadPerConnection()}. */
  record ThreadPerConnection() implements Strategy {}

  /**
   * An acceptor feeds a bounded queue served by fixed workers; see {@link #pooled(int, int,
   * Overflow)}.
   *
   * @param workers the number of worker threads, 1 to 10000
   * @param queueCapacity how many accepted connections may wait for a worker, 1 to 1000000
   * @param whenFull what the acceptor does when the queue is full
   */
  record Pooled(int workers, int queueCapacity, Overflow whenFull) implements Strategy {
    /**
     * Checks the counts.
     *
     * @param workers see the record component
     * @param queueCapacity see the record component
     * @param whenFull see the record component
     * @throws IllegalArgumentException if a count is out of range
     */
    public Pooled {
      Checks.inRange("workers", workers, 1, 10_000);
      Checks.inRange("queueCapacity", queueCapacity, 1, 1_000_000);
      Objects.requireNonNull(whenFull, "whenFull");
    }
  }

  /**
   * Pre-started handlers that each block in {@code accept()}; see {@link #prestartedAccept(int)}.
   *
   * @param handlers how many handler threads start, 1 to 10000
   * @param spares when to add and retire handlers; {@link SpareHandlers#FIXED} for never
   */
  record PrestartedAccept(int handlers, SpareHandlers spares) implements Strategy {
    /**
     * Checks the counts.
     *
     * @param handlers see the record component
     * @param spares see the record component
     * @throws IllegalArgumentException if {@code handlers} is out of range or above the maximum
     */
    public PrestartedAccept {
      SpareHandlers.check(handlers, spares);
    }

    /**
     * Returns this strategy made elastic; see {@link SpareHandlers}.
     *
     * @param minSpare the fewest idle handlers to keep, 0 or more
     * @param maxSpare the most idle handlers to keep, at least 1 and at least {@code minSpare}
     * @param maxHandlers the most handlers, at least {@link #handlers()} and {@code maxSpare}
     * @return a new strategy
     * @throws IllegalArgumentException if the numbers are out of range or inconsistent
     */
    public PrestartedAccept withSpareHandlers(int minSpare, int maxSpare, int maxHandlers) {
      return new PrestartedAccept(handlers, new SpareHandlers(minSpare, maxSpare, maxHandlers));
    }
  }

  /**
   * An acceptor hands each connection to an idle pre-started handler; see {@link
   * #prestartedHandoff(int)}.
   *
   * @param handlers how many handler threads start, 1 to 10000
   * @param spares when to add and retire handlers; {@link SpareHandlers#FIXED} for never
   */
  record PrestartedHandoff(int handlers, SpareHandlers spares) implements Strategy {
    /**
     * Checks the counts.
     *
     * @param handlers see the record component
     * @param spares see the record component
     * @throws IllegalArgumentException if {@code handlers} is out of range or above the maximum
     */
    public PrestartedHandoff {
      SpareHandlers.check(handlers, spares);
    }

    /**
     * Returns this strategy made elastic; see {@link SpareHandlers}.
     *
     * @param minSpare the fewest idle handlers to keep, 0 or more
     * @param maxSpare the most idle handlers to keep, at least 1 and at least {@code minSpare}
     * @param maxHandlers the most handlers, at least {@link #handlers()} and {@code maxSpare}
     * @return a new strategy
     * @throws IllegalArgumentException if the numbers are out of range or inconsistent
     */
    public PrestartedHandoff withSpareHandlers(int minSpare, int maxSpare, int maxHandlers) {
      return new PrestartedHandoff(handlers, new SpareHandlers(minSpare, maxSpare, maxHandlers));
    }
  }

  /**
   * Several listeners on one port ({@code SO_REUSEPORT}), pre-started handlers on each; see
   * {@link #reusePort(int, int)}.
   *
   * @param listeners the number of listening sockets, 1 to 64
   * @param handlersPerListener how many handler threads start on each, 1 to 10000
   * @param spares when to add and retire handlers, per listener; {@link SpareHandlers#FIXED} for
   *     never
   */
  record ReusePort(int listeners, int handlersPerListener, SpareHandlers spares) implements Strategy {
    /**
     * Checks the counts.
     *
     * @param listeners see the record component
     * @param handlersPerListener see the record component
     * @param spares see the record component
     * @throws IllegalArgumentException if a count is out of range or above the maximum
     */
    public ReusePort {
      Checks.inRange("listeners", listeners, 1, 64);
      SpareHandlers.check(handlersPerListener, spares);
    }

    /**
     * Returns this strategy made elastic, per listener; see {@link SpareHandlers}.
     *
     * @param minSpare the fewest idle handlers to keep, 0 or more
     * @param maxSpare the most idle handlers to keep, at least 1 and at least {@code minSpare}
     * @param maxHandlers the most handlers per listener, at least {@link #handlersPerListener()}
     *     and {@code maxSpare}
     * @return a new strategy
     * @throws IllegalArgumentException if the numbers are out of range or inconsistent
     */
    public ReusePort withSpareHandlers(int minSpare, int maxSpare, int maxHandlers) {
      return new ReusePort(listeners, handlersPerListener, new SpareHandlers(minSpare, maxSpare, maxHandlers));
    }
  }

  /**
   * An acceptor starts a virtual thread per client (Java 21+); see {@link #virtualThreads(int)}.
   *
   * @param cap the most virtual threads at once, zero for no cap beyond {@link
   *     ServerOptions#maxConnections()}
   */
  record VirtualThreads(int cap) implements Strategy {
    /**
     * Checks the cap and that this JVM has virtual threads.
     *
     * @param cap see the record component
     * @throws IllegalArgumentException if {@code cap} is negative
     * @throws UnsupportedOperationException if this JVM has no virtual threads
     */
    public VirtualThreads {
      Checks.inRange("cap", cap, 0, Integer.MAX_VALUE);
      if (!dev.socketkit.internal.VirtualThreads.available()) {
        throw dev.socketkit.internal.VirtualThreads.unavailable();
      }
    }
  }

  /**
   * Returns the iterative strategy: one thread accepts a client, serves it to the end, then
   * accepts the next; the others wait in the listen backlog. The baseline, and right for short
   * sessions that must be serialised.
   *
   * @return the strategy
   */
  static Iterative iterative() {
    return new Iterative();
  }

  /**
   * Returns the thread-per-connection strategy: an acceptor thread starts a new platform thread
   * for each client, which ends with the session.
   *
   * @return the strategy
   */
  static ThreadPerConnection threadPerConnection() {
    return new ThreadPerConnection();
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
  static Pooled pooled(int workers, int queueCapacity, Overflow whenFull) {
    return new Pooled(workers, queueCapacity, whenFull);
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
  static PrestartedAccept prestartedAccept(int handlers) {
    return new PrestartedAccept(handlers, SpareHandlers.FIXED);
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
  static PrestartedHandoff prestartedHandoff(int handlers) {
    return new PrestartedHandoff(handlers, SpareHandlers.FIXED);
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
  static ReusePort reusePort(int listeners, int handlersPerListener) {
    return new ReusePort(listeners, handlersPerListener, SpareHandlers.FIXED);
  }

  /**
   * Returns the virtual-thread strategy with no cap of its own: an acceptor starts a virtual
   * thread for each client (Java 21 or later).
   *
   * @return the strategy
   * @throws UnsupportedOperationException if this JVM has no virtual threads; see {@link
   *     #virtualThreadsAvailable()}
   */
  static VirtualThreads virtualThreads() {
    return new VirtualThreads(0);
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
  static VirtualThreads virtualThreads(int cap) {
    return new VirtualThreads(cap);
  }

  /**
   * Returns the strategy a name stands for, as a command line or a configuration file spells it:
   * a name from {@link #names()}, then optionally its numbers, each after a colon; an omitted
   * number takes the default below (small sizes for trying things out). Every {@code pooled}
   * form waits when its queue is full ({@link Overflow#WAIT}).
   *
   * <table class="striped">
   *   <caption>The strategy names</caption>
   *   <thead><tr><th>Name and numbers</th><th>Strategy</th><th>Defaults</th></tr></thead>
   *   <tbody>
   *   <tr><td>{@code iterative}</td><td>{@link #iterative()}</td><td></td></tr>
   *   <tr><td>{@code thread}</td><td>{@link #threadPerConnection()}</td><td></td></tr>
   *   <tr><td>{@code pooled[:W[:Q]]}</td><td>{@code pooled(W, Q, WAIT)}</td><td>4, 16</td></tr>
   *   <tr><td>{@code prestarted-accept[:H]}</td><td>{@code prestartedAccept(H)}</td><td>4</td></tr>
   *   <tr><td>{@code prestarted-handoff[:H]}</td><td>{@code prestartedHandoff(H)}</td><td>4</td></tr>
   *   <tr><td>{@code elastic-accept[:H[:MIN[:MAX[:MAXH]]]]}</td>
   *       <td>{@code prestartedAccept(H).withSpareHandlers(MIN, MAX, MAXH)}</td><td>1, 1, 2, 8</td></tr>
   *   <tr><td>{@code elastic-handoff[:H[:MIN[:MAX[:MAXH]]]]}</td>
   *       <td>{@code prestartedHandoff(H).withSpareHandlers(MIN, MAX, MAXH)}</td><td>1, 1, 2, 8</td></tr>
   *   <tr><td>{@code reuseport[:L[:H]]}</td><td>{@code reusePort(L, H)}</td><td>2, 4</td></tr>
   *   <tr><td>{@code virtual[:CAP]}</td><td>{@code virtualThreads(CAP)}</td><td>0 (no cap)</td></tr>
   *   </tbody>
   * </table>
   *
   * <p>For example {@code named("pooled:32:20000")} equals {@code pooled(32, 20000, Overflow.WAIT)}
   * and {@code named("prestarted-accept")} equals {@code prestartedAccept(4)}.
   *
   * @param spec the name and its numbers, such as {@code "pooled"} or {@code "reuseport:2:16"}
   * @return the strategy
   * @throws IllegalArgumentException if the name is unknown, a number is not a whole number, there
   *     are more numbers than the name takes, or a number is out of the factory's range; the
   *     message quotes {@code spec}
   * @throws UnsupportedOperationException for {@code virtual} if this JVM has no virtual threads
   */
  static Strategy named(String spec) {
    return StrategyNames.parse(Objects.requireNonNull(spec, "spec"));
  }

  /**
   * Returns every name {@link #named(String)} takes, without numbers, in the order of its table:
   * {@code iterative, thread, pooled, prestarted-accept, prestarted-handoff, elastic-accept,
   * elastic-handoff, reuseport, virtual}. The tests, the examples and the benchmark server run
   * this one list.
   *
   * @return the names, an unmodifiable list
   */
  static List<String> names() {
    return StrategyNames.NAMES;
  }

  /**
   * Returns whether {@link #virtualThreads()} can be used: {@code true} on Java 21 and later.
   *
   * @return whether virtual threads are available
   */
  static boolean virtualThreadsAvailable() {
    return dev.socketkit.internal.VirtualThreads.available();
  }
}
