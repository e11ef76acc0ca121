package dev.socketkit.server;

import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts the live connections of each source (see {@link SourceGrouping}) and refuses one more
 * than {@code max}. A granted connection holds a {@link Lease} that gives its place back once,
 * however often it is closed; a source with no live connection is forgotten, so memory follows
 * the live connections. Clients with no address (Unix-domain) are never limited. Thread-safe.
 */
final class PerSourceConnections {
  private final int max;
  private final SourceGrouping grouping;
  private final Map<InetAddress, Integer> live = new HashMap<>();

  /** A granted connection's place in its source's count, given back by {@link #close()}. */
  interface Lease extends AutoCloseable {
    @Override
    void close();
  }

  private static final Lease UNCOUNTED = () -> { };

  PerSourceConnections(int max, SourceGrouping grouping) {
    if (max < 1) {
      throw new IllegalArgumentException("maxConnectionsPerSource: " + max + " (expected: > 0)");
    }
    this.max = max;
    this.grouping = grouping;
  }

  /** Counts a connection from {@code remote}; empty if its source already has {@code max}. */
  Optional<Lease> tryAcquire(SocketAddress remote) {
    InetAddress source = grouping.sourceOf(remote);
    if (source == null) {
      return Optional.of(UNCOUNTED);
    }
    synchronized (live) {
      int n = live.getOrDefault(source, 0);
      if (n >= max) {
        return Optional.empty();
      }
      live.put(source, n + 1);
    }
    AtomicBoolean released = new AtomicBoolean();
    return Optional.of(() -> {
      if (released.compareAndSet(false, true)) {
        release(source);
      }
    });
  }

  private void release(InetAddress source) {
    synchronized (live) {
      live.computeIfPresent(source, (k, n) -> n == 1 ? null : n - 1);
    }
  }

  /** The live connections counted for {@code remote}'s source. */
  int count(SocketAddress remote) {
    InetAddress source = grouping.sourceOf(remote);
    synchronized (live) {
      return source == null ? 0 : live.getOrDefault(source, 0);
    }
  }

  /** How many sources have a live connection. */
  int sources() {
    synchronized (live) {
      return live.size();
    }
  }
}
