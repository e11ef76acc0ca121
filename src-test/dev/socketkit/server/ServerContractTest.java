package dev.socketkit.server;

import dev.socketkit.Async;
import static dev.socketkit.server.ServerFixture.await;
import static dev.socketkit.server.ServerFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.socketkit.Connection;
import dev.socketkit.ConnectionRefusedException;
import dev.socketkit.Listener;
import dev.socketkit.TimedOutException;
import dev.socketkit.examples.LineIO;
import dev.socketkit.framing.TooLongFrameException;
import dev.socketkit.logs.CapturedLogs;
import dev.socketkit.logs.LogEvent;
import dev.socketkit.server.ServerFixture.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.event.Level;

/**
 * One behavioural contract, run for every strategy on TCP and on Unix-domain sockets. Each test
 * ends by checking that no thread of the server and no socket descriptor is left.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerContractTest {
  @TempDir Path dir;

  /** Every strategy name the library has ({@link Strategy#names()}), on each transport. */
  static Stream<Arguments> strategies() {
    return Strategy.names().stream().flatMap(s -> Stream.of(Transport.values()).map(t -> Arguments.of(s, t)));
  }

  /**
   * The strategy by name, with its default sizes: each runs at least {@link #capacity} sessions at
   * once. Skips reuseport off TCP and virtual threads where the JVM has none (see StrategyTest).
   */
  static Strategy strategy(String name, Transport transport) {
    if (name.equals("reuseport")) {
      assumeThat(transport).as("SO_REUSEPORT is for TCP").isEqualTo(Transport.TCP);
    } else if (name.equals("virtual")) {
      assumeThat(Strategy.virtualThreadsAvailable()).as("virtual threads (Java 21+)").isTrue();
    }
    return Strategy.named(name);
  }

  /** How many sessions the strategy runs at once in these tests. */
  static int capacity(String name) {
    return name.equals("iterative") ? 1 : 3;
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("strategies")
  void manyConcurrentClientsEchoCorrectly(String name, Transport transport) throws Exception {
    int clients = 12;
    int lines = 25;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try (ServerFixture f = new ServerFixture(transport, dir)) {
      Server server = f.start(strategy(name, transport), f.options().build());
      List<Future<Long>> results = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        int id = i;
        results.add(pool.submit(() -> {
          long bytes = 0;
          try (Connection c = f.connect(server)) {
            for (int j = 0; j < lines; j++) {
              String line = "client " + id + " line " + j;
              assertThat(call(c, line)).isEqualTo("CLIENT " + id + " LINE " + j);
              bytes += line.length() + 1;
            }
          }
          return bytes;
        }));
      }
      long sent = 0;
      for (Future<Long> r : results) {
        sent += r.get(30, TimeUnit.SECONDS);
      }
      ShutdownReport report = server.shutdown(ServerFixture.WAIT);
      ServerStats stats = server.stats();
      assertThat(report.cutOff()).isZero();
      assertThat(stats.accepted()).isEqualTo(clients);
      assertThat(stats.completed()).isEqualTo(clients);
      assertThat(stats.active()).isZero();
      assertThat(stats.bytesIn()).isEqualTo(sent);
      assertThat(stats.bytesOut()).isEqualTo(sent);
      assertThat(server.liveSessions()).isEmpty();
      assertThat(f.threadNames).hasSize(clients)
          .allMatch(t -> t.matches(f.name + "-(acceptor|worker-\\d+|handler-\\d+|session-\\d+|virtual-\\d+)"));
      assertThat(f.mdcIds).hasSize(clients).doesNotHaveDuplicates().allMatch(id -> id.matches(f.name + "-\\d+"));
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("strategies")
  void gracefulShutdownLetsMidFrameClientsFinishAndFreesThePort(String name, Transport transport)
      throws Exception {
    try (ServerFixture f = new ServerFixture(transport, dir)) {
      Server server = f.start(strategy(name, transport), f.options().build());
      int n = capacity(name);
      List<Connection> clients = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Connection c = f.connect(server);
        c.output().write("half a li".getBytes(StandardCharsets.UTF_8)).flush();
        clients.add(c);
      }
      await(f.opened, n);
      CompletableFuture<ShutdownReport> shutdown =
          Async.supply(() -> server.shutdown(ServerFixture.WAIT));
      f.awaitListenersClosed();
      assertThatThrownBy(() -> Connection.connect(server.localAddress(), Duration.ofSeconds(10)).close())
          .isInstanceOf(ConnectionRefusedException.class);
      for (Connection c : clients) {
        assertThat(call(c, "ne")).isEqualTo("HALF A LINE");
        c.shutdownOutput();
      }
      ShutdownReport report = shutdown.get(30, TimeUnit.SECONDS);
      assertThat(report.finished()).isEqualTo(n);
      assertThat(report.cutOff()).isZero();
      assertThat(ServerFixture.threadsOf(f.name)).isEmpty();
      Listener.bind(server.localAddress()).close(); // the address is free at once
    }
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("strategies")
  void shutdownCutsOffMidFrameClientsAfterTheGracePeriod(String name, Transport transport) throws Exception {
    try (ServerFixture f = new ServerFixture(transport, dir)) {
      Server server = f.start(strategy(name, transport), f.options().build());
      int n = capacity(name);
      List<Connection> clients = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Connection c = f.connect(server);
        c.output().write("never ending".getBytes(StandardCharsets.UTF_8)).flush();
        clients.add(c);
      }
      await(f.opened, n);
      ShutdownReport report = server.shutdown(Duration.ZERO);
      assertThat(report.cutOff()).isEqualTo(n);
      assertThat(report.cutOffSessions()).hasSize(n).allMatch(id -> id.startsWith(f.name + "-"));
      assertThat(server.stats().cutOff()).isEqualTo(n);
      assertThat(server.liveSessions()).isEmpty();
      for (Connection c : clients) {
        assertPeerClosed(c);
      }
    }
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("strategies")
  void handlerBlockedForeverIsInterruptedAtShutdown(String name, Transport transport) throws Exception {
    try (ServerFixture f = new ServerFixture(transport, dir)) {
      Server server = f.start(strategy(name, transport), f.options().build());
      Connection c = f.connect(server);
      LineIO.writeLine(c.output(), "hold");
      await(f.held, 1);
      ShutdownReport report = server.shutdown(Duration.ZERO);
      assertThat(report.cutOff()).isEqualTo(1);
      assertThat(f.failures).singleElement().isInstanceOf(InterruptedException.class);
    }
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("strategies")
  void handlerExceptionClosesItsConnectionReleasesItsPermitAndServingGoesOn(String name,
      Transport transport) throws Exception {
    badClientThenAGoodOne(name, transport, "boom\n".getBytes(StandardCharsets.UTF_8),
        IllegalStateException.class);
    assertThat(CapturedLogs.awaitEvent(Level.WARN, "session handler failed", ServerFixture.WAIT).thrown())
        .hasMessage("boom requested by the client");
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("strategies")
  void aClientsProtocolErrorIsOneInfoLineWithoutStackTraceAndServingGoesOn(String name,
      Transport transport) throws Exception {
    // no newline within the line framing's 8 KiB
    badClientThenAGoodOne(name, transport, new byte[9000], TooLongFrameException.class);
    LogEvent line = CapturedLogs.awaitEvent(Level.INFO, "protocol error", ServerFixture.WAIT);
    assertThat(line.thrown()).isNull();
    assertThat(line.message()).matches(".+-\\d+ client .+ on .+: protocol error: "
        + TooLongFrameException.class.getName() + ": frame of at least 8193 bytes exceeds maxFrameBytes 8192");
    assertThat(CapturedLogs.events()).noneMatch(e -> e.level() == Level.WARN);
  }

  /**
   * A client sends {@code bad}: its session fails with {@code failure} and its connection closes;
   * the next client, with the one permit back, is served.
   */
  private void badClientThenAGoodOne(String name, Transport transport, byte[] bad,
      Class<? extends Throwable> failure) throws Exception {
    try (ServerFixture f = new ServerFixture(transport, dir)) {
      Server server = f.start(strategy(name, transport),
          f.options().maxConnections(1, Overflow.WAIT).build());
      Connection client = f.connect(server);
      client.output().write(bad).flush();
      assertPeerClosed(client);
      Connection good = f.connect(server);
      assertThat(call(good, "still here")).isEqualTo("STILL HERE");
      assertThat(f.failures).singleElement().isInstanceOf(failure);
      assertThat(server.stats().failed()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("strategies")
  void idleTimeoutEndsASilentSession(String name, Transport transport) throws Exception {
    try (ServerFixture f = new ServerFixture(transport, dir)) {
      Server server = f.start(strategy(name, transport),
          f.options().idleTimeout(Duration.ofMillis(200)).build());
      Connection c = f.connect(server);
      assertPeerClosed(c);
      await(f.closed, 1);
      assertThat(f.failures).singleElement().isInstanceOfSatisfying(TimedOutException.class,
          e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.READ));
      assertThat(server.stats().timedOut()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("strategies")
  void writeTimeoutEndsASessionWhoseClientNeverReadsTheReplies(String name, Transport transport)
      throws Exception {
    try (ServerFixture f = new ServerFixture(transport, dir)) {
      Server server = f.start(strategy(name, transport),
          f.options().writeTimeout(Duration.ofMillis(200)).build());
      Connection c = f.connect(server);
      byte[] lines = "a line the server echoes, never read back\n".repeat(200_000)
          .getBytes(StandardCharsets.US_ASCII);
      Thread sender = new Thread(() -> {
        try {
          c.output().write(lines).flush();
        } catch (java.io.IOException e) {
          f.failures.add(new AssertionError("the client's send ended: " + e)); // expected: reset
        }
      }, f.name + "-test-sender");
      sender.start();
      await(f.closed, 1);
      sender.join(ServerFixture.WAIT.toMillis());
      assertThat(sender.isAlive()).isFalse();
      assertThat(f.failures).filteredOn(TimedOutException.class::isInstance).singleElement()
          .satisfies(e -> assertThat(((TimedOutException) e).kind()).isEqualTo(TimedOutException.Kind.WRITE));
      assertThat(server.stats().timedOut()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("strategies")
  void sessionDeadlineEndsASessionWhateverItsPace(String name, Transport transport) throws Exception {
    try (ServerFixture f = new ServerFixture(transport, dir)) {
      Server server = f.start(strategy(name, transport), f.options()
          .idleTimeout(Duration.ZERO).sessionDeadline(Duration.ofMillis(300)).build());
      Connection c = f.connect(server);
      c.output().write("trickle".getBytes(StandardCharsets.UTF_8)).flush(); // a line never finished
      assertPeerClosed(c);
      await(f.closed, 1);
      assertThat(f.failures).singleElement().isInstanceOfSatisfying(TimedOutException.class,
          e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.DEADLINE));
      assertThat(server.stats().timedOut()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("strategies")
  void maxConnectionsWaitLeavesTheNextClientInTheBacklog(String name, Transport transport) throws Exception {
    try (ServerFixture f = new ServerFixture(transport, dir)) {
      Server server = f.start(strategy(name, transport),
          f.options().maxConnections(1, Overflow.WAIT).build());
      Connection first = f.connect(server);
      LineIO.writeLine(first.output(), "hold");
      await(f.held, 1);
      Connection second = f.connect(server); // completes in the kernel's backlog
      LineIO.writeLine(second.output(), "second");
      second.setReadTimeout(Duration.ofMillis(200));
      assertThatThrownBy(() -> second.input().require(1)).isInstanceOf(TimedOutException.class);
      second.setReadTimeout(ServerFixture.WAIT);
      f.release.countDown();
      assertThat(LineIO.readLine(first.input())).isEqualTo("HOLD");
      first.close(); // ends the first session, which frees the only permit
      assertThat(LineIO.readLine(second.input())).isEqualTo("SECOND");
      assertThat(server.stats().rejected()).isZero();
    }
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("strategies")
  void maxConnectionsCloseRejectsTheNextClientAndCountsIt(String name, Transport transport) throws Exception {
    assumeThat(name).as("an iterative server never accepts a second client").isNotEqualTo("iterative");
    try (ServerFixture f = new ServerFixture(transport, dir)) {
      Server server = f.start(strategy(name, transport),
          f.options().maxConnections(1, Overflow.CLOSE).build());
      Connection first = f.connect(server);
      LineIO.writeLine(first.output(), "hold");
      await(f.held, 1);
      assertPeerClosed(f.connect(server));
      await(f.rejected, 1);
      assertThat(server.stats().rejected(RejectReason.MAX_CONNECTIONS)).isEqualTo(1);
      f.release.countDown();
      assertThat(LineIO.readLine(first.input())).isEqualTo("HOLD");
      first.close();
      await(f.closed, 1); // its permit is back
      assertThat(call(f.connect(server), "third")).isEqualTo("THIRD");
    }
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("strategies")
  void maxConnectionsBusyReplyAnswersTheNextClientThenCloses(String name, Transport transport)
      throws Exception {
    assumeThat(name).as("an iterative server never accepts a second client").isNotEqualTo("iterative");
    try (ServerFixture f = new ServerFixture(transport, dir)) {
      Server server = f.start(strategy(name, transport), f.options()
          .maxConnections(1, Overflow.BUSY_REPLY)
          .busyReply("BUSY try later\n".getBytes(StandardCharsets.US_ASCII)).build());
      Connection first = f.connect(server);
      LineIO.writeLine(first.output(), "hold");
      await(f.held, 1);
      Connection second = f.connect(server);
      assertThat(LineIO.readLine(second.input())).isEqualTo("BUSY try later");
      assertPeerClosed(second);
      await(f.rejected, 1);
      assertThat(server.stats().rejected(RejectReason.MAX_CONNECTIONS)).isEqualTo(1);
    }
  }

  /** The peer closed: a read sees end of stream, or a reset if unread data was discarded. */
  static void assertPeerClosed(Connection c) {
    try {
      assertThat(c.input().asInputStream().read()).isEqualTo(-1);
    } catch (IOException e) {
      assertThat(e).isInstanceOf(dev.socketkit.ConnectionResetException.class);
    }
  }
}
