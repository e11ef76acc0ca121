package dev.socketkit.server;

import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per source (see {@link SourceGrouping}) that limits how fast one source may
 * connect: each source may open {@code burst} connections at once and then {@code perSecond}
 * more per second. At most {@code maxSources} sources are remembered; past that the one seen
 * least recently is forgotten (its bucket was the likeliest to be full again), so memory stays
 * bounded under a flood from many addresses. Clients with no address (Unix-domain) are never
 * limited. The clock is a nanosecond counter such as {@link System#nanoTime()}, injectable for
 * tests. Thread-safe.
 */
final class AcceptRate {
  private final double perNano;
  private final int burst;
  private final SourceGrouping grouping;
  private final LongSupplier clock;
  private final Map<InetAddress, Bucket> buckets;

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  AcceptRate(double perSecond, int burst, int maxSources, SourceGrouping grouping, LongSupplier clock) {
    if (!(perSecond > 0 && perSecond <= 1e6)) {
      throw new IllegalArgumentException("acceptRate perSecond: " + perSecond + " (expected: > 0 and <= 1000000)");
    }
    if (burst < 1) {
      throw new IllegalArgumentException("acceptRate burst: " + burst + " (expected: > 0)");
    }
    if (maxSources < 1) {
      throw new IllegalArgumentException("acceptRate maxSources: " + maxSources + " (expected: > 0)");
    }
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.grouping = grouping;
    this.clock = clock;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
        return size() > maxSources;
      }
    };
  }

  /** Takes a token from {@code remote}'s source; false if its bucket is empty. */
  boolean tryAccept(SocketAddress remote) {
    InetAddress source = grouping.sourceOf(remote);
    if (source == null) {
      return true;
    }
    long now = clock.getAsLong();
    synchronized (buckets) {
      Bucket b = buckets.get(source);
      if (b == null) {
        buckets.put(source, new Bucket(burst - 1, now));
        return true;
      }
      b.tokens = Math.min(burst, b.tokens + Math.max(0, now - b.at) * perNano);
      b.at = now;
      if (b.tokens < 1) {
        return false;
      }
      b.tokens -= 1;
      return true;
    }
  }

  /** How many sources are remembered. */
  int sources() {
    synchronized (buckets) {
      return buckets.size();
    }
  }
}
