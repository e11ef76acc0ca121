package dev.socketkit.datagram;

import dev.socketkit.Async;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketkit.Leaks;
import dev.socketkit.TimedOutException;
import dev.socketkit.logs.CapturedLogs;
import dev.socketkit.logs.LogEvent;
import dev.socketkit.testkit.NoLeaks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.event.Level;

/** One contract for every datagram-server strategy, over IPv4 and IPv6. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatagramServerTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicInteger IDS = new AtomicInteger();
  private final String name = "dg" + IDS.incrementAndGet();
  private final List<DatagramServer> servers = new ArrayList<>();
  private final List<DatagramEndpoint> clients = new ArrayList<>();
  private int fdsBefore;

  enum Kind {
    ITERATIVE, POOLED, VIRTUAL;

    DatagramStrategy strategy() {
      switch (this) {
        case ITERATIVE:
          return DatagramStrategy.iterative();
        case POOLED:
          return DatagramStrategy.pooled(4, 64);
        default:
          assumeTrue(DatagramStrategy.virtualThreadsAvailable(), "virtual threads need Java 21+");
          return DatagramStrategy.virtualThreads(64);
      }
    }
  }

  static Stream<Arguments> everyStrategyAndFamily() {
    return Stream.of(Kind.values()).flatMap(k -> Stream.of(Family.values()).map(f -> Arguments.of(k, f)));
  }

  @BeforeEach
  void countFds() {
    fdsBefore = Leaks.openFds();
  }

  @AfterEach
  void noLeaks() throws IOException {
    for (DatagramEndpoint c : clients) {
      c.close();
    }
    for (DatagramServer s : servers) {
      s.shutdown(Duration.ZERO);
    }
    assertThat(Leaks.await(() -> Leaks.liveThreads(name + "-").isEmpty(), WAIT))
        .as("threads of %s: %s", name, Leaks.liveThreads(name + "-")).isTrue();
    NoLeaks.assertFdsSettle(fdsBefore);
  }

  private DatagramServerOptions.Builder options() {
    return DatagramServerOptions.builder().name(name);
  }

  private DatagramServer start(Family family, DatagramStrategy strategy, DatagramServerOptions options,
      DatagramHandler handler) throws IOException {
    DatagramServer s = DatagramServer.of(family.any(), strategy, options, handler).start();
    servers.add(s);
    return s;
  }

  private DatagramEndpoint client(Family family, DatagramServer server) throws IOException {
    DatagramEndpoint c = family.bind().connect(server.localAddress());
    synchronized (clients) {
      clients.add(c);
    }
    return c;
  }

  static final DatagramHandler UPPER = (d, replies) ->
      replies.send(d.text(UTF_8).toUpperCase(Locale.ROOT).getBytes(UTF_8));

  static String call(DatagramEndpoint c, String text) throws IOException {
    c.send(text.getBytes(UTF_8));
    return c.receive(WAIT).text(UTF_8);
  }

  @ParameterizedTest
  @MethodSource("everyStrategyAndFamily")
  void manyConcurrentClientsEachGetTheirOwnReplies(Kind kind, Family family) throws Exception {
    DatagramServer server = start(family, kind.strategy(), options().build(), UPPER);
    assertThat(server.localAddress().getPort()).isPositive();
    int clientCount = 16;
    int requests = 20;
    ExecutorService pool = Executors.newFixedThreadPool(clientCount);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < clientCount; i++) {
        DatagramEndpoint c = client(family, server);
        int id = i;
        done.add(pool.submit(() -> {
          for (int r = 0; r < requests; r++) {
            assertThat(call(c, "client " + id + " request " + r)).isEqualTo("CLIENT " + id + " REQUEST " + r);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    DatagramShutdownReport report = server.shutdown(WAIT);
    assertThat(report.cutOff()).isZero();
    DatagramServerStats stats = server.stats();
    assertThat(stats.received()).isEqualTo(clientCount * requests);
    assertThat(stats.handled()).isEqualTo(clientCount * requests);
    assertThat(stats.replies()).isEqualTo(clientCount * requests);
    assertThat(stats.bytesOut()).isEqualTo(stats.bytesIn());
    assertThat(stats.failed() + stats.dropped()).isZero();
  }

  @ParameterizedTest
  @MethodSource("everyStrategyAndFamily")
  void aRequestGetsZeroOrMoreReplies(Kind kind, Family family) throws Exception {
    DatagramHandler repeat = (d, replies) -> {
      int n = Integer.parseInt(d.text(UTF_8));
      for (int i = 1; i <= n; i++) {
        replies.send(("reply " + i + " of " + n).getBytes(UTF_8));
      }
    };
    DatagramServer server = start(family, kind.strategy(), options().build(), repeat);
    DatagramEndpoint c = client(family, server);
    c.send("3".getBytes(UTF_8));
    for (int i = 1; i <= 3; i++) {
      assertThat(c.receive(WAIT).text(UTF_8)).isEqualTo("reply " + i + " of 3");
    }
    c.send("0".getBytes(UTF_8));
    c.send("1".getBytes(UTF_8));
    assertThat(c.receive(WAIT).text(UTF_8)).isEqualTo("reply 1 of 1");
    assertThatThrownBy(() -> c.receive(Duration.ofMillis(100))).isInstanceOf(TimedOutException.class);
    assertThat(server.stats().replies()).isEqualTo(4);
  }

  @ParameterizedTest
  @MethodSource("everyStrategyAndFamily")
  void aThrowingHandlerIsCountedAndReportedOnceAndTheServerGoesOn(Kind kind, Family family) throws Exception {
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    DatagramServerEvents events = new DatagramServerEvents() {
      @Override
      public void failed(Datagram datagram, Throwable error) {
        failures.add(error);
      }
    };
    DatagramHandler handler = (d, replies) -> {
      if (d.text(UTF_8).equals("boom")) {
        throw new IllegalStateException("handler refuses boom");
      }
      UPPER.handle(d, replies);
    };
    DatagramServer server = start(family, kind.strategy(), options().events(events).build(), handler);
    DatagramEndpoint c = client(family, server);
    c.send("boom".getBytes(UTF_8));
    assertThat(call(c, "still there?")).isEqualTo("STILL THERE?");
    assertThat(Leaks.await(() -> failures.size() == 1 && server.stats().handled() == 1, WAIT)).isTrue();
    assertThat(server.stats().failed()).isEqualTo(1);
    assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasMessage("handler refuses boom"));
    LogEvent logged = CapturedLogs.awaitEvent(Level.WARN, "handler failed on", WAIT);
    assertThat(logged.message()).contains(name, "4 bytes from " + family.text(c.localAddress()));
    assertThat(logged.thrown()).hasMessage("handler refuses boom");
    assertThat(CapturedLogs.events()).filteredOn(e -> e.thrown() != null && "handler refuses boom".equals(e.thrown().getMessage()))
        .as("logged once").hasSize(1);
    assertThat(server.stats().handled()).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("everyStrategyAndFamily")
  void aDatagramOverTheLimitIsDroppedAndCountedNeverTruncated(Kind kind, Family family) throws Exception {
    ConcurrentLinkedQueue<String> drops = new ConcurrentLinkedQueue<>();
    DatagramServerEvents events = new DatagramServerEvents() {
      @Override
      public void dropped(InetSocketAddress sender, int length, DropReason reason) {
        drops.add(reason + " " + length);
      }
    };
    DatagramServer server = start(family, kind.strategy(),
        options().maxDatagramBytes(10).events(events).build(), UPPER);
    DatagramEndpoint c = client(family, server);
    c.send("eleven byte".getBytes(UTF_8));
    assertThat(call(c, "ten bytes!")).isEqualTo("TEN BYTES!");
    assertThat(drops).containsExactly("TOO_LONG 11");
    assertThat(server.stats().dropped(DropReason.TOO_LONG)).isEqualTo(1);
    assertThat(server.stats().received()).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("everyStrategyAndFamily")
  void shutdownHandlesTheDatagramsInFlightAndStillSendsTheirReplies(Kind kind, Family family) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger entered = new AtomicInteger();
    DatagramHandler slow = (d, replies) -> {
      entered.incrementAndGet();
      release.await();
      UPPER.handle(d, replies);
    };
    DatagramStrategy strategy = kind == Kind.POOLED ? DatagramStrategy.pooled(1, 16) : kind.strategy();
    DatagramServer server = start(family, strategy, options().build(), slow);
    DatagramEndpoint c = client(family, server);
    int inFlight = kind == Kind.ITERATIVE ? 1 : 5; // iterative: the others wait in the kernel, not the server
    for (int i = 0; i < inFlight; i++) {
      c.send(("request " + i).getBytes(UTF_8));
    }
    assertThat(Leaks.await(() -> server.stats().received() == inFlight, WAIT)).isTrue();
    assertThat(Leaks.await(() -> entered.get() >= 1, WAIT)).isTrue();
    CompletableFuture<DatagramShutdownReport> report = new CompletableFuture<>();
    Thread stopper = new Thread(() -> report.complete(server.shutdown(WAIT)), name + "-test-stopper");
    stopper.start();
    assertThat(Leaks.await(() -> waitsIn(stopper, "awaitEmpty"), WAIT)).as("shutdown waits for handlers").isTrue();
    if (kind != Kind.ITERATIVE) { // the iterative receiver is the handler, still busy
      assertThat(Leaks.await(() -> Leaks.liveThreads(name + "-receiver").isEmpty(), WAIT))
          .as("the receiver stops at once").isTrue();
    }
    release.countDown();
    DatagramShutdownReport r = report.get(30, TimeUnit.SECONDS);
    assertThat(r.handled()).isEqualTo(inFlight);
    assertThat(r.cutOff()).isZero();
    assertThat(r.dropped()).isZero();
    List<String> replies = new ArrayList<>();
    for (int i = 0; i < inFlight; i++) {
      replies.add(c.receive(WAIT).text(UTF_8));
    }
    assertThat(replies).hasSize(inFlight).allMatch(s -> s.startsWith("REQUEST "));
    assertThat(server.shutdown(Duration.ZERO)).isSameAs(r);
  }

  /** Whether {@code t} is blocked with {@code method} of this package on its stack. */
  static boolean waitsIn(Thread t, String method) {
    if (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
      return false;
    }
    for (StackTraceElement f : t.getStackTrace()) {
      if (f.getClassName().startsWith("dev.socketkit.datagram.") && f.getMethodName().equals(method)) {
        return true;
      }
    }
    return false;
  }

  @ParameterizedTest
  @MethodSource("everyStrategyAndFamily")
  void theGracePeriodEndsWithRunningHandlersCutOffAndTheQueueDropped(Kind kind, Family family) throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicReference<Throwable> seen = new AtomicReference<>();
    DatagramHandler stuck = (d, replies) -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        seen.set(e);
        throw e;
      }
    };
    DatagramStrategy strategy = kind == Kind.POOLED ? DatagramStrategy.pooled(1, 16) : kind.strategy();
    DatagramServer server = start(family, strategy, options().build(), stuck);
    DatagramEndpoint c = client(family, server);
    int sent = kind == Kind.POOLED ? 3 : 1;
    for (int i = 0; i < sent; i++) {
      c.send(("request " + i).getBytes(UTF_8));
    }
    assertThat(Leaks.await(() -> server.stats().received() == sent, WAIT)).isTrue();
    DatagramShutdownReport r = server.shutdown(Duration.ofMillis(100));
    assertThat(r.cutOff()).isEqualTo(1);
    assertThat(r.cutOffHandlers()).singleElement().asString().startsWith(name + "-")
        .contains("9 bytes from " + family.text(c.localAddress()));
    assertThat(r.dropped()).isEqualTo(sent - 1);
    assertThat(seen.get()).isInstanceOf(InterruptedException.class);
    DatagramServerStats stats = server.stats();
    assertThat(stats.cutOff()).isEqualTo(1);
    assertThat(stats.failed()).isZero();
    assertThat(stats.dropped(DropReason.SHUTDOWN)).isEqualTo(sent - 1);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"0.0.0.0", "::"})
  void aServerOnTheWildcardAddressStopsReceivingButStillRepliesAtShutdown(String wildcard) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger entered = new AtomicInteger();
    DatagramHandler slow = (d, replies) -> {
      entered.incrementAndGet();
      release.await();
      UPPER.handle(d, replies);
    };
    DatagramServer server = DatagramServer.of(new InetSocketAddress(java.net.InetAddress.getByName(wildcard), 0),
        DatagramStrategy.pooled(1, 4), options().build(), slow).start();
    servers.add(server);
    Family family = wildcard.equals("::") ? Family.IPV6 : Family.IPV4;
    DatagramEndpoint c = family.bind().connect(new InetSocketAddress(family.loopback(), server.localAddress().getPort()));
    clients.add(c);
    c.send("one".getBytes(UTF_8));
    c.send("two".getBytes(UTF_8));
    assertThat(Leaks.await(() -> entered.get() == 1 && server.stats().received() == 2, WAIT)).isTrue();
    CompletableFuture<DatagramShutdownReport> report = Async.supply(() -> server.shutdown(WAIT));
    assertThat(Leaks.await(() -> Leaks.liveThreads(name + "-receiver").isEmpty(), WAIT))
        .as("the wake-up datagram reached the receiver").isTrue();
    release.countDown();
    assertThat(report.get(30, TimeUnit.SECONDS).handled()).isEqualTo(2);
    assertThat(c.receive(WAIT).text(UTF_8)).isEqualTo("ONE");
    assertThat(c.receive(WAIT).text(UTF_8)).isEqualTo("TWO");
  }

  @Test
  void aFullQueueDropsAndCountsTheOverflow() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger entered = new AtomicInteger();
    DatagramHandler slow = (d, replies) -> {
      entered.incrementAndGet();
      release.await();
      UPPER.handle(d, replies);
    };
    DatagramServer server = start(Family.IPV4, DatagramStrategy.pooled(1, 1), options().build(), slow);
    DatagramEndpoint c = client(Family.IPV4, server);
    c.send("first".getBytes(UTF_8));
    assertThat(Leaks.await(() -> entered.get() == 1, WAIT)).as("the only worker is busy").isTrue();
    for (String s : new String[] {"second", "third", "fourth", "fifth"}) {
      c.send(s.getBytes(UTF_8));
    }
    assertThat(Leaks.await(() -> server.stats().received() == 5, WAIT)).isTrue();
    assertThat(server.stats().dropped(DropReason.QUEUE_FULL)).isEqualTo(3);
    release.countDown();
    assertThat(c.receive(WAIT).text(UTF_8)).isEqualTo("FIRST");
    assertThat(c.receive(WAIT).text(UTF_8)).isEqualTo("SECOND");
    assertThat(Leaks.await(() -> server.stats().handled() == 2, WAIT)).isTrue();
  }

  @Test
  void lifecycleMisuseIsRefused() throws Exception {
    DatagramServer unstarted = DatagramServer.of(Family.IPV4.any(), DatagramStrategy.iterative(), UPPER);
    assertThatThrownBy(unstarted::localAddress).isInstanceOf(IllegalStateException.class);
    assertThat(unstarted.shutdown(Duration.ZERO).handled()).isZero();
    assertThatThrownBy(unstarted::start).isInstanceOf(IllegalStateException.class);

    AtomicReference<Throwable> fromHandler = new AtomicReference<>();
    DatagramServer[] self = new DatagramServer[1];
    DatagramHandler selfStop = (d, replies) -> {
      try {
        self[0].shutdown(Duration.ZERO);
      } catch (IllegalStateException e) {
        fromHandler.set(e);
      }
      replies.send(new byte[0]);
    };
    DatagramServer server = start(Family.IPV4, DatagramStrategy.iterative(), options().build(), selfStop);
    self[0] = server;
    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    assertThat(server.toString()).contains(name, "iterative()", Family.IPV4.text(server.localAddress()));
    DatagramEndpoint c = client(Family.IPV4, server);
    c.send(new byte[1]);
    assertThat(c.receive(WAIT).length()).isZero();
    assertThat(fromHandler.get()).hasMessageContaining("would wait for itself");

    DatagramServer clash = DatagramServer.of(server.localAddress(), DatagramStrategy.iterative(),
        options().name(name + "-clash").build(), UPPER);
    assertThatThrownBy(clash::start).isInstanceOf(java.net.BindException.class);
    assertThatThrownBy(() -> DatagramStrategy.pooled(0, 1)).hasMessage("workers: 0 (expected: >= 1)");
    assertThatThrownBy(() -> server.shutdown(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void virtualThreadsOnJava17AreAClearError() {
    assumeTrue(!DatagramStrategy.virtualThreadsAvailable(), "this JVM has virtual threads");
    assertThatThrownBy(DatagramStrategy::virtualThreads).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("Java 21").hasMessageContaining("DatagramStrategy.virtualThreadsAvailable()");
  }
}
