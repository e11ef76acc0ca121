package dev.socketkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The policy pieces of per-source limits: grouping addresses into sources, counting live
 * connections per source, and a token bucket per source on a clock the test moves by hand.
 * Addresses are values only; nothing is sent.
 */
class PerSourceLimitsTest {
  private static SocketAddress at(String ip) throws UnknownHostException {
    return new InetSocketAddress(InetAddress.getByName(ip), 40000);
  }

  @Test
  void ipv6AddressesOfOneSlash64AreOneSource() throws Exception {
    SourceGrouping g = SourceGrouping.DEFAULT;
    assertThat(g.sourceOf(at("2001:db8::1"))).isEqualTo(g.sourceOf(at("2001:db8::ffff:1:2")))
        .isEqualTo(InetAddress.getByName("2001:db8::"));
    assertThat(g.sourceOf(at("2001:db8:0:1::1"))).isNotEqualTo(g.sourceOf(at("2001:db8::1")));
    assertThat(g.sourceOf(at("192.0.2.1"))).isNotEqualTo(g.sourceOf(at("192.0.2.2")));
    assertThat(g.sourceOf(at("::ffff:192.0.2.1"))).isEqualTo(g.sourceOf(at("192.0.2.1")));
    assertThat(g.sourceOf(UnixDomainSocketAddress.of("/tmp/x.sock"))).isNull();
  }

  @Test
  void thePrefixesAreConfigurable() throws Exception {
    SourceGrouping wide = new SourceGrouping(24, 48);
    assertThat(wide.sourceOf(at("192.0.2.1"))).isEqualTo(wide.sourceOf(at("192.0.2.200")))
        .isEqualTo(InetAddress.getByName("192.0.2.0"));
    assertThat(wide.sourceOf(at("2001:db8:0:1::1"))).isEqualTo(wide.sourceOf(at("2001:db8:0:2::1")));
    SourceGrouping exact = new SourceGrouping(32, 128);
    assertThat(exact.sourceOf(at("2001:db8::1"))).isNotEqualTo(exact.sourceOf(at("2001:db8::2")));
    SourceGrouping odd = new SourceGrouping(32, 61); // a prefix that ends inside a byte
    assertThat(odd.sourceOf(at("2001:db8:0:7::1"))).isEqualTo(InetAddress.getByName("2001:db8::"));
    assertThat(odd.sourceOf(at("2001:db8:0:8::1"))).isEqualTo(InetAddress.getByName("2001:db8:0:8::"));
    assertThatThrownBy(() -> new SourceGrouping(32, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ipv6Prefix: 0 (expected: 1 to 128)");
    assertThatThrownBy(() -> new SourceGrouping(33, 64)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ipv4Prefix: 33 (expected: 1 to 32)");
  }

  @Test
  void aSourceAtItsLimitIsRefusedWhileOthersAreServed() throws Exception {
    PerSourceConnections limit = new PerSourceConnections(2, SourceGrouping.DEFAULT);
    List<PerSourceConnections.Lease> held = new ArrayList<>();
    held.add(limit.tryAcquire(at("2001:db8::1")).orElseThrow());
    held.add(limit.tryAcquire(at("2001:db8::2")).orElseThrow());
    assertThat(limit.tryAcquire(at("2001:db8::3"))).as("third from the same /64").isEmpty();
    assertThat(limit.tryAcquire(at("2001:db8:0:1::1"))).as("another /64").isPresent();
    assertThat(limit.count(at("2001:db8::99"))).isEqualTo(2);
    held.get(0).close();
    held.get(0).close(); // a second close gives back nothing more
    assertThat(limit.count(at("2001:db8::99"))).isEqualTo(1);
    Optional<PerSourceConnections.Lease> again = limit.tryAcquire(at("2001:db8::3"));
    assertThat(again).isPresent();
    assertThat(limit.tryAcquire(at("2001:db8::4"))).isEmpty();
  }

  @Test
  void aSourceWithNoLiveConnectionIsForgotten() throws Exception {
    PerSourceConnections limit = new PerSourceConnections(1, SourceGrouping.DEFAULT);
    for (int i = 1; i <= 100; i++) {
      try (PerSourceConnections.Lease l = limit.tryAcquire(at("192.0.2." + i)).orElseThrow()) {
        assertThat(limit.sources()).isEqualTo(1);
      }
    }
    assertThat(limit.sources()).isZero();
  }

  @Test
  void unixDomainClientsAreNotLimited() {
    PerSourceConnections limit = new PerSourceConnections(1, SourceGrouping.DEFAULT);
    SocketAddress unix = UnixDomainSocketAddress.of("/tmp/socketkit-test.sock");
    for (int i = 0; i < 5; i++) {
      assertThat(limit.tryAcquire(unix)).isPresent();
    }
    assertThat(limit.sources()).isZero();
    assertThatThrownBy(() -> new PerSourceConnections(0, SourceGrouping.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConnectionsPerSource: 0 (expected: > 0)");
  }

  @Test
  void theBucketAllowsABurstThenTheRate() throws Exception {
    AtomicLong now = new AtomicLong(1_000);
    AcceptRate rate = new AcceptRate(2, 3, 100, SourceGrouping.DEFAULT, now::get);
    SocketAddress flood = at("198.51.100.7");
    assertThat(List.of(rate.tryAccept(flood), rate.tryAccept(flood), rate.tryAccept(flood), rate.tryAccept(flood)))
        .containsExactly(true, true, true, false);
    assertThat(rate.tryAccept(at("198.51.100.8"))).as("another source has its own bucket").isTrue();
    now.addAndGet(Duration.ofMillis(499).toNanos());
    assertThat(rate.tryAccept(flood)).as("not yet a whole token after 499 ms at 2/s").isFalse();
    now.addAndGet(Duration.ofMillis(2).toNanos());
    assertThat(rate.tryAccept(flood)).as("one token after 501 ms").isTrue();
    assertThat(rate.tryAccept(flood)).isFalse();
    now.addAndGet(Duration.ofHours(1).toNanos());
    int allowed = 0;
    for (int i = 0; i < 10; i++) {
      allowed += rate.tryAccept(flood) ? 1 : 0;
    }
    assertThat(allowed).as("a long pause refills only up to the burst").isEqualTo(3);
  }

  @Test
  void theBucketsStayBoundedUnderAFloodFromManySources() throws Exception {
    AtomicLong now = new AtomicLong();
    AcceptRate rate = new AcceptRate(1, 1, 10, SourceGrouping.DEFAULT, now::get);
    SocketAddress first = at("203.0.113.1");
    assertThat(rate.tryAccept(first)).isTrue();
    assertThat(rate.tryAccept(first)).isFalse();
    for (int i = 2; i <= 50; i++) {
      assertThat(rate.tryAccept(at("203.0.113." + i))).isTrue();
      assertThat(rate.sources()).isLessThanOrEqualTo(10);
    }
    assertThat(rate.tryAccept(first)).as("forgotten, so a fresh bucket").isTrue();
    assertThat(rate.tryAccept(UnixDomainSocketAddress.of("/tmp/socketkit-test.sock"))).isTrue();
    assertThatThrownBy(() -> new AcceptRate(0, 1, 1, SourceGrouping.DEFAULT, now::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("acceptRate perSecond: 0.0 (expected: > 0 and <= 1000000)");
    assertThatThrownBy(() -> new AcceptRate(1, 0, 1, SourceGrouping.DEFAULT, now::get))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("acceptRate burst: 0 (expected: > 0)");
  }

  @Test
  void concurrentAcquiresNeverPassTheLimitAndAllReleaseToZero() throws Exception {
    PerSourceConnections limit = new PerSourceConnections(3, SourceGrouping.DEFAULT);
    SocketAddress one = at("2001:db8::1");
    java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(new Thread(() -> {
        for (int i = 0; i < 10_000; i++) {
          Optional<PerSourceConnections.Lease> lease = limit.tryAcquire(one);
          if (lease.isPresent()) {
            most.accumulateAndGet(held.incrementAndGet(), Math::max);
            held.decrementAndGet();
            lease.get().close();
          }
        }
      }, "per-source-" + t));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join(java.util.concurrent.TimeUnit.SECONDS.toMillis(30));
      assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
    }
    assertThat(most.get()).isBetween(1, 3);
    assertThat(limit.count(one)).isZero();
    assertThat(limit.sources()).isZero();
  }
}
