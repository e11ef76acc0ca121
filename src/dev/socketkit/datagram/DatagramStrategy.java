package dev.socketkit.datagram;

import dev.socketkit.internal.Checks;
import dev.socketkit.internal.VirtualThreads;

/**
 * Which threads run a {@link DatagramServer}'s handler: a value from the static factories below.
 * Switching strategy never changes handler code.
 *
 * <table class="striped">
 *   <caption>The strategies</caption>
 *   <thead><tr><th>Factory</th><th>Threads</th><th>When all are busy</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link #iterative()}</td><td>one, receiving and handling in turn</td>
 *       <td>datagrams wait in the socket's receive buffer; the kernel drops beyond it</td></tr>
 *   <tr><td>{@link #pooled(int, int)}</td><td>a receiver, a bounded queue, fixed workers</td>
 *       <td>queued; beyond the queue dropped and counted as {@link DropReason#QUEUE_FULL}</td></tr>
 *   <tr><td>{@link #virtualThreads()}</td><td>a receiver and a virtual thread per datagram
 *       (Java 21+)</td><td>never busy, or with a cap the receiver waits (the receive buffer
 *       fills)</td></tr>
 *   </tbody>
 * </table>
 */
public sealed interface DatagramStrategy
    permits DatagramStrategy.Iterative, DatagramStrategy.Pooled, DatagramStrategy.Virtual {

  /**
   * Returns the iterative strategy: one thread receives a datagram, runs the handler, then
   * receives the next. The fastest for handlers that never block.
   *
   * @return the strategy
   */
  static DatagramStrategy iterative() {
    return new Iterative();
  }

  /**
   * Returns the pooled strategy: a receiver thread queues each datagram for one of {@code
   * workers} threads; a datagram that finds the queue full is dropped and counted.
   *
   * @param workers the number of worker threads, at least 1
   * @param queueCapacity how many datagrams may wait for a worker, at least 1
   * @return the strategy
   * @throws IllegalArgumentException if a count is out of range
   */
  static DatagramStrategy pooled(int workers, int queueCapacity) {
    return new Pooled(workers, queueCapacity);
  }

  /**
   * Returns the virtual-thread strategy without a cap: a receiver thread starts a virtual thread
   * for each datagram.
   *
   * @return the strategy
   * @throws UnsupportedOperationException on Java before 21; check {@link
   *     #virtualThreadsAvailable()} first
   */
  static DatagramStrategy virtualThreads() {
    return new Virtual(0);
  }

  /**
   * Returns the virtual-thread strategy with at most {@code maxConcurrent} handlers at once;
   * beyond that the receiver waits for one to finish.
   *
   * @param maxConcurrent the cap, at least 1
   * @return the strategy
   * @throws IllegalArgumentException if {@code maxConcurrent} is below 1
   * @throws UnsupportedOperationException on Java before 21
   */
  static DatagramStrategy virtualThreads(int maxConcurrent) {
    Checks.atLeast("maxConcurrent", maxConcurrent, 1);
    return new Virtual(maxConcurrent);
  }

  /**
   * Returns whether this JVM has virtual threads (Java 21 or later).
   *
   * @return whether {@link #virtualThreads()} works
   */
  static boolean virtualThreadsAvailable() {
    return VirtualThreads.available();
  }

  /** The {@linkplain #iterative() iterative} strategy. */
  record Iterative() implements DatagramStrategy {
    @Override
    public String toString() {
      return "iterative()";
    }
  }

  /**
   * The {@linkplain #pooled(int, int) pooled} strategy.
   *
   * @param workers the number of worker threads
   * @param queueCapacity how many datagrams may wait for a worker
   */
  record Pooled(int workers, int queueCapacity) implements DatagramStrategy {
    /**
     * Checks the counts.
     *
     * @param workers at least 1
     * @param queueCapacity at least 1
     */
    public Pooled {
      Checks.atLeast("workers", workers, 1);
      Checks.atLeast("queueCapacity", queueCapacity, 1);
    }

    @Override
    public String toString() {
      return "pooled(" + workers + ", " + queueCapacity + ")";
    }
  }

  /**
   * The {@linkplain #virtualThreads() virtual-thread} strategy.
   *
   * @param maxConcurrent the most handlers at once, or 0 for no cap
   */
  record Virtual(int maxConcurrent) implements DatagramStrategy {
    /**
     * Checks the cap and that this JVM has virtual threads.
     *
     * @param maxConcurrent at least 0
     * @throws UnsupportedOperationException on Java before 21
     */
    public Virtual {
      Checks.atLeast("maxConcurrent", maxConcurrent, 0);
      if (!VirtualThreads.available()) {
        throw VirtualThreads.unavailable("DatagramStrategy.virtualThreadsAvailable()");
      }
    }

    @Override
    public String toString() {
      return maxConcurrent == 0 ? "virtualThreads()" : "virtualThreads(" + maxConcurrent + ")";
    }
  }
}
