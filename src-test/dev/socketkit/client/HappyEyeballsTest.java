package dev.socketkit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.Connection;
import dev.socketkit.ConnectionOptions;
import dev.socketkit.ConnectionRefusedException;
import dev.socketkit.Leaks;
import dev.socketkit.Listener;
import dev.socketkit.TimedOutException;
import dev.socketkit.client.ConnectAttempt.Outcome;
import dev.socketkit.logs.CapturedLogs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.event.Level;

/**
 * Happy Eyeballs on loopback: a listener with a full backlog stands for a broken path, a port
 * nobody listens on for a path that fails fast. Orderings are asserted through the attempt
 * reports, never through clocks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HappyEyeballsTest {
  private static final Duration DELAY = Duration.ofMillis(400);
  private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(2500);
  /** One full backlog for the whole class: filling one takes a connect time-out. */
  private static Stalled tcpStall;

  @TempDir Path dir;
  private final List<AutoCloseable> closeAfter = new ArrayList<>();
  private final List<ConnectAttempt> attempts = new CopyOnWriteArrayList<>();
  private int fdsBefore;

  enum Kind { REFUSED, STALLED, LIVE }

  @BeforeAll
  static void fillABacklog() throws IOException {
    tcpStall = new Stalled(loopback(0));
  }

  @AfterAll
  static void emptyTheBacklog() throws IOException {
    tcpStall.close();
  }

  @BeforeEach
  void countFds() {
    fdsBefore = Leaks.openFds();
  }

  @AfterEach
  void closeAndCheckLeaks() throws Exception {
    for (AutoCloseable c : closeAfter) {
      c.close();
    }
    Leaks.assertNoFdLeak(fdsBefore);
  }

  private Connector.Builder racing() {
    return Connector.builder().maxAttempts(1).fallbackDelay(DELAY).onAttempt(attempts::add)
        .options(ConnectionOptions.builder().connectTimeout(CONNECT_TIMEOUT).build());
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  private SocketAddress refused() throws IOException {
    try (Listener l = Listener.bind(loopback(0))) {
      return l.localAddress();
    }
  }

  private Stalled stalled(SocketAddress bind) throws IOException {
    Stalled s = new Stalled(bind);
    closeAfter.add(s);
    return s;
  }

  private Listener live(SocketAddress bind) throws IOException {
    Listener l = Listener.bind(bind);
    closeAfter.add(l);
    return l;
  }

  private List<String> steps() {
    return attempts.stream().map(a -> a.outcome() + " " + a.index()).collect(Collectors.toList());
  }

  @Test
  void aStalledFirstFamilyFallsBackToTheSecondAfterTheDelay() throws Exception {
    Stalled v4 = stalled(loopback(0));
    int port = ((InetSocketAddress) v4.address()).getPort();
    Listener v6 = live(new InetSocketAddress("::1", port));
    Resolver both = host -> List.of(InetAddress.getLoopbackAddress(), InetAddress.getByName("::1"));
    long before = Leaks.openFds();
    try (Connection c = racing().resolver(both).build().connect("dual.test", port); Connection s = v6.accept()) {
      assertThat(c.remoteAddress()).isEqualTo(v6.localAddress());
      c.output().writeByte(42).flush();
      assertThat(s.input().readByte()).isEqualTo((byte) 42);
    }
    assertThat(steps()).containsExactly("STARTED 0", "STARTED 1", "CANCELLED 0", "CONNECTED 1");
    ConnectAttempt second = attempts.get(1);
    assertThat(second.address()).isEqualTo(v6.localAddress());
    // The second connect was started by the delay, not by a failure of the first: the safety net
    // is the connect time-out, which the race must not wait for.
    assertThat(attempts.get(3).elapsed()).isLessThan(CONNECT_TIMEOUT);
    assertThat(attempts.get(2).outcome()).isEqualTo(Outcome.CANCELLED);
    Leaks.assertNoFdLeak((int) before);
  }

  static Stream<List<Kind>> orders() {
    List<List<Kind>> all = new ArrayList<>();
    for (Kind a : Kind.values()) {
      all.add(List.of(a));
      for (Kind b : Kind.values()) {
        all.add(List.of(a, b));
        for (Kind c : Kind.values()) {
          all.add(List.of(a, b, c));
        }
      }
    }
    return all.stream();
  }

  /** Each address kind in each position: the reports follow the RFC 8305 model exactly. */
  @ParameterizedTest
  @MethodSource("orders")
  void everyOrderOfFailFastStallAndSuccess(List<Kind> kinds) throws Exception {
    List<SocketAddress> candidates = new ArrayList<>();
    SocketAddress stall = null;
    Listener liveListener = null;
    for (Kind k : kinds) {
      switch (k) {
        case REFUSED:
          candidates.add(refused());
          break;
        case STALLED:
          stall = tcpStall.address();
          candidates.add(stall);
          break;
        default:
          liveListener = liveListener != null ? liveListener : live(loopback(0));
          candidates.add(liveListener.localAddress());
      }
    }
    List<String> expected = model(kinds);
    Connector connector = racing().build();
    if (kinds.contains(Kind.LIVE)) {
      try (Connection c = connector.connect(candidates); Connection s = liveListener.accept()) {
        assertThat(c.remoteAddress()).isEqualTo(liveListener.localAddress());
        assertThat(s.remoteAddress()).isEqualTo(c.localAddress());
      }
    } else {
      Class<? extends IOException> type = kinds.contains(Kind.STALLED)
          ? TimedOutException.class : ConnectionRefusedException.class;
      assertThatThrownBy(() -> connector.connect(candidates)).isInstanceOf(type)
          .hasMessageStartingWith(candidates.size() == 1 ? "connect to 127.0.0.1:" : "connect to [127.0.0.1:")
          .hasMessageContaining(" after 1 attempt");
    }
    assertThat(steps()).as("%s", kinds).isEqualTo(expected);
    for (ConnectAttempt a : attempts) {
      assertThat(a.address()).isEqualTo(candidates.get(a.index()));
      if (a.outcome() == Outcome.FAILED && kinds.get(a.index()) == Kind.STALLED) {
        assertThat(a.failure()).get().isInstanceOf(TimedOutException.class);
      }
    }
  }

  /**
   * The reports RFC 8305 predicts: a refusal starts the next address at once, a stall after the
   * delay; the first live address wins; stalls still open are then cancelled, or time out in the
   * order they started when nothing connects.
   */
  private static List<String> model(List<Kind> kinds) {
    List<String> out = new ArrayList<>();
    List<Integer> stalls = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      out.add("STARTED " + i);
      if (kinds.get(i) == Kind.REFUSED) {
        out.add("FAILED " + i);
      } else if (kinds.get(i) == Kind.STALLED) {
        stalls.add(i);
      } else {
        stalls.forEach(s -> out.add("CANCELLED " + s));
        out.add("CONNECTED " + i);
        return out;
      }
    }
    stalls.forEach(s -> out.add("FAILED " + s));
    return out;
  }

  @Test
  void zeroDelayTurnsTheRaceOffSoTheStallTimesOutFirst() throws Exception {
    SocketAddress stall = tcpStall.address();
    Listener l = live(loopback(0));
    Connector sequential = racing().fallbackDelay(Duration.ZERO)
        .options(ConnectionOptions.builder().connectTimeout(Duration.ofMillis(400)).build()).build();
    try (Connection c = sequential.connect(List.of(stall, l.localAddress())); Connection s = l.accept()) {
      assertThat(c.remoteAddress()).isEqualTo(l.localAddress());
    }
    assertThat(steps()).containsExactly("STARTED 0", "FAILED 0", "STARTED 1", "CONNECTED 1");
    assertThat(attempts.get(1).failure()).get().isInstanceOfSatisfying(TimedOutException.class,
        e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.CONNECT));
  }

  @Test
  void theTotalTimeBoundsARoundOfStalls() throws Exception {
    SocketAddress stall = tcpStall.address();
    Connector bounded = racing().maxAttempts(5).maxTotalTime(Duration.ofMillis(800))
        .options(ConnectionOptions.builder().connectTimeout(Duration.ofSeconds(20)).build()).build();
    long start = System.nanoTime();
    assertThatThrownBy(() -> bounded.connect(List.of(stall, stall, stall)))
        .isInstanceOfSatisfying(TimedOutException.class,
            e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.CONNECT));
    // Safety net only: far below the 20 s connect time-out the total time must cut short.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(attempts).filteredOn(a -> a.outcome() == Outcome.FAILED)
        .allSatisfy(a -> assertThat(a.failure()).get().isInstanceOf(TimedOutException.class))
        .allSatisfy(a -> assertThat(a.round()).isEqualTo(1));
  }

  @Test
  void unixDomainAddressesAreTriedInTurn() throws Exception {
    SocketAddress missing = UnixDomainSocketAddress.of(dir.resolve("missing.sock"));
    SocketAddress full = stalled(UnixDomainSocketAddress.of(dir.resolve("full.sock"))).address();
    Listener l = live(UnixDomainSocketAddress.of(dir.resolve("live.sock")));
    Connector connector = racing()
        .options(ConnectionOptions.builder().connectTimeout(Duration.ofMillis(300)).build()).build();
    try (Connection c = connector.connect(List.of(missing, full, l.localAddress())); Connection s = l.accept()) {
      c.output().writeByte(1).flush();
      assertThat(s.input().readByte()).isEqualTo((byte) 1);
    }
    assertThat(steps()).containsExactly(
        "STARTED 0", "FAILED 0", "STARTED 1", "FAILED 1", "STARTED 2", "CONNECTED 2");
    assertThat(attempts.get(1).failure()).get().isInstanceOf(ConnectionRefusedException.class);
    assertThat(attempts.get(3).failure()).get().isInstanceOf(TimedOutException.class);
  }

  @Test
  void theNameIsResolvedAgainEachRoundSoAMovedServiceIsFound() throws Exception {
    Listener l = live(loopback(0));
    int port = ((InetSocketAddress) l.localAddress()).getPort();
    AtomicInteger calls = new AtomicInteger();
    InetAddress nowhere = InetAddress.getByName("::1"); // nothing listens on [::1]:port
    Resolver moving = host -> List.of(calls.incrementAndGet() < 3 ? nowhere : InetAddress.getLoopbackAddress());
    Connector connector = racing().maxAttempts(5).backoff(Duration.ofMillis(1), Duration.ofMillis(2))
        .resolver(moving).build();
    try (Connection c = connector.connect("moving.test", port); Connection s = l.accept()) {
      assertThat(c.remoteAddress()).isEqualTo(l.localAddress());
    }
    assertThat(calls).hasValue(3);
    assertThat(attempts).extracting(ConnectAttempt::round).containsExactly(1, 1, 2, 2, 3, 3);
  }

  @Test
  void aResolverWithNoAnswerIsAnUnknownHost() {
    Connector connector = racing().resolver(host -> List.of()).build();
    assertThatThrownBy(() -> connector.connect("nothing.test", 80))
        .isInstanceOf(java.net.UnknownHostException.class)
        .hasMessage("connect to nothing.test:80: the resolver found no address for nothing.test");
    assertThat(attempts).isEmpty();
  }

  @Test
  void familiesAreInterleavedStartingWithTheFirstAnswer() throws Exception {
    InetAddress a4 = InetAddress.getByName("127.0.0.1");
    InetAddress b4 = InetAddress.getByName("127.0.0.2");
    InetAddress a6 = InetAddress.getByName("::1");
    InetAddress b6 = InetAddress.getByName("::2");
    InetAddress c6 = InetAddress.getByName("::3");
    assertThat(Addresses.interleave(List.of(a4, b4, a6, b6, c6))).containsExactly(a4, a6, b4, b6, c6);
    assertThat(Addresses.interleave(List.of(a6, b6, c6, a4))).containsExactly(a6, a4, b6, c6);
    assertThat(Addresses.interleave(List.of(a4, b4))).containsExactly(a4, b4);
  }

  @Test
  void aListenerThatThrowsIsLoggedAndTheConnectGoesOn() throws Exception {
    Listener l = live(loopback(0));
    Connector connector = racing().onAttempt(a -> {
      throw new IllegalStateException("listener broke");
    }).build();
    try (Connection c = connector.connect(List.of(l.localAddress())); Connection s = l.accept()) {
      assertThat(c.remoteAddress()).isEqualTo(l.localAddress());
    }
    assertThat(CapturedLogs.awaitEvent(Level.WARN, "connect attempt listener failed on STARTED", Duration.ofSeconds(10))
        .thrown()).hasMessage("listener broke");
  }

  @Test
  void theDemoConnectsOverTheWorkingFamilyAndCancelsTheStalledOne() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    dev.socketkit.examples.HappyEyeballsDemo.run(new java.io.PrintStream(bytes, true, "UTF-8"));
    String[] lines = bytes.toString("UTF-8").split("\n");
    assertThat(lines).hasSize(5);
    assertThat(lines[0]).startsWith("round 1, address 0 /127.0.0.1:").contains(": STARTED at ");
    assertThat(lines[1]).startsWith("round 1, address 1 /[0:0:0:0:0:0:0:1]:").contains(": STARTED at ");
    assertThat(lines[2]).startsWith("round 1, address 0 /127.0.0.1:").contains(": CANCELLED at ");
    assertThat(lines[3]).startsWith("round 1, address 1 /[0:0:0:0:0:0:0:1]:").contains(": CONNECTED at ");
    assertThat(lines[4]).startsWith("connected to /[0:0:0:0:0:0:0:1]:");
  }

  @Test
  void anInterruptEndsTheRaceAndClosesItsSockets() throws Exception {
    Connector patient = racing().options(ConnectionOptions.builder().connectTimeout(Duration.ofSeconds(30)).build())
        .build();
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
    Thread t = new Thread(() -> {
      try (Connection c = patient.connect(List.of(tcpStall.address(), tcpStall.address()))) {
        thrown.set(new AssertionError("connected to a full backlog: " + c));
      } catch (IOException | RuntimeException e) {
        thrown.set(e);
      }
    }, "he-interrupt");
    t.start();
    assertThat(Leaks.await(() -> attempts.size() == 2, Duration.ofSeconds(10))).as("both started").isTrue();
    t.interrupt();
    t.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(t.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(java.io.InterruptedIOException.class)
        .hasMessageContaining("interrupted in attempt 1");
    assertThat(steps()).containsExactly("STARTED 0", "STARTED 1", "CANCELLED 0", "CANCELLED 1");
  }

  @Test
  void anUnresolvedCandidateIsResolvedEachRoundThroughTheResolver() throws Exception {
    Listener l = live(loopback(0));
    int port = ((InetSocketAddress) l.localAddress()).getPort();
    List<String> asked = new CopyOnWriteArrayList<>();
    Connector connector = racing().resolver(host -> {
      asked.add(host);
      return List.of(InetAddress.getLoopbackAddress());
    }).build();
    try (Connection c = connector.connect(List.of(InetSocketAddress.createUnresolved("svc.test", port)));
        Connection s = l.accept()) {
      assertThat(c.remoteAddress()).isEqualTo(l.localAddress());
    }
    assertThat(asked).containsExactly("svc.test");
  }
}
