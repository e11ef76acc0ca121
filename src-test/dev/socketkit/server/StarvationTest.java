package dev.socketkit.server;

import static dev.socketkit.server.ServerFixture.WAIT;
import static dev.socketkit.server.ServerFixture.await;
import static dev.socketkit.server.ServerFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.socketkit.Connection;
import dev.socketkit.Leaks;
import dev.socketkit.examples.LineIO;
import dev.socketkit.logs.CapturedLogs;
import dev.socketkit.logs.LogEvent;
import dev.socketkit.server.ServerFixture.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.event.Level;

/**
 * Starvation is visible: with every handler busy the server counts it in {@link Server#stats()}
 * and logs one WARN per {@link Starvation#WARN_INTERVAL}, on a clock the test moves.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StarvationTest {
  private static final String WARNING = "is busy:";
  private static final long INTERVAL = Starvation.WARN_INTERVAL.toNanos();

  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong();

  /** One handler (or virtual thread) in all, which cannot grow; clients beyond it wait in the listen backlog. */
  static Stream<Arguments> backlogStrategies() {
    return Stream.of("prestarted-accept:1", "prestarted-handoff:1", "elastic-accept:1:1:1:1",
        "elastic-handoff:1:1:1:1", "reuseport:1:1", "virtual:1")
        .flatMap(s -> Stream.of(Transport.values()).map(t -> Arguments.of(s, t)));
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("backlogStrategies")
  void aClientWaitingInTheBacklogIsCountedWarnedOnceAndServed(String name, Transport transport) throws Exception {
    assumeThat(name.startsWith("reuseport") && transport == Transport.UNIX).as("SO_REUSEPORT is for TCP").isFalse();
    assumeThat(name.startsWith("virtual") && !Strategy.virtualThreadsAvailable()).as("virtual threads (Java 21+)").isFalse();
    try (ServerFixture f = new ServerFixture(transport, dir)) {
      Server server = f.start(Strategy.named(name), f.options().build(), now::get);
      Connection first = f.connect(server);
      LineIO.writeLine(first.output(), "hold");
      await(f.held, 1);
      LogEvent warn = CapturedLogs.awaitEvent(Level.WARN, WARNING, WAIT);
      assertThat(warn.message()).startsWith(f.name + ": every handler of " + server.strategy() + " is busy: "
          + "new connections wait in the listen backlog, which cannot be counted (starved 1 time; 0 connections");
      Connection second = f.connect(server); // waits in the backlog: the only handler is busy
      ServerStats held = server.stats();
      assertThat(held.starved()).isEqualTo(1);
      assertThat(held.waitedForHandler()).isZero();
      assertThat(held.queued()).isZero();

      f.release.countDown();
      assertThat(LineIO.readLine(first.input())).isEqualTo("HOLD");
      first.close();
      assertThat(call(second, "served after waiting")).isEqualTo("SERVED AFTER WAITING");
      assertThat(server.stats().waitedForHandler()).isEqualTo(1);
      awaitCount(server, ServerStats::starved, 2); // busy again, serving the second client
      assertThat(warnings()).as("a second starvation within the interval is not logged").hasSize(1);

      Connection third = f.connect(server);
      now.addAndGet(INTERVAL);
      second.close();
      assertThat(call(third, "third")).isEqualTo("THIRD");
      assertThat(server.stats().waitedForHandler()).isEqualTo(2);
      assertThat(CapturedLogs.awaitEvent(Level.WARN, "similar warning", WAIT).message())
          .contains("(starved 3 times; 2 connections found waiting so far)", "; 1 similar warning suppressed since the last one");
      assertThat(warnings()).hasSize(2);
      assertThat(server.stats().starved()).isEqualTo(3);
    }
  }

  @ParameterizedTest(name = "over {0}")
  @EnumSource(Transport.class)
  void aClientWaitingInThePooledQueueIsCountedWarnedOnceAndServed(Transport transport) throws Exception {
    try (ServerFixture f = new ServerFixture(transport, dir)) {
      Server server = f.start(Strategy.pooled(1, 4, Overflow.WAIT), f.options().build(), now::get);
      Connection first = f.connect(server);
      LineIO.writeLine(first.output(), "hold");
      await(f.held, 1);
      Connection second = f.connect(server);
      LogEvent warn = CapturedLogs.awaitEvent(Level.WARN, WARNING, WAIT);
      assertThat(warn.message()).startsWith(f.name + ": every worker of " + server.strategy() + " is busy: "
          + "1 connection waits in the queue (starved 1 time; 0 connections found waiting so far)");
      ServerStats held = server.stats();
      assertThat(held.starved()).isEqualTo(1);
      assertThat(held.queued()).isEqualTo(1);
      assertThat(held.waitedForHandler()).isZero();

      f.release.countDown();
      assertThat(LineIO.readLine(first.input())).isEqualTo("HOLD");
      first.close();
      assertThat(call(second, "served after waiting")).isEqualTo("SERVED AFTER WAITING");
      assertThat(server.stats().waitedForHandler()).isEqualTo(1);
      assertThat(server.stats().queued()).isZero();

      Connection third = f.connect(server); // queued behind the second client's session
      awaitCount(server, ServerStats::starved, 2);
      assertThat(warnings()).as("a second starvation within the interval is not logged").hasSize(1);
      now.addAndGet(INTERVAL);
      Connection fourth = f.connect(server);
      assertThat(CapturedLogs.awaitEvent(Level.WARN, "similar warning", WAIT).message())
          .contains("2 connections wait in the queue", "; 1 similar warning suppressed since the last one");
      assertThat(warnings()).hasSize(2);
      assertThat(server.stats().starved()).isEqualTo(3);
      assertThat(server.stats().queued()).isEqualTo(2);

      second.close();
      assertThat(call(third, "third")).isEqualTo("THIRD");
      third.close();
      assertThat(call(fourth, "fourth")).isEqualTo("FOURTH");
      assertThat(server.stats().waitedForHandler()).isEqualTo(3);
    }
  }

  /**
   * For two clients, a handler to spare, or room to add one: nobody waits, nothing is counted or
   * logged. (Two fixed handlers would count: the second client takes the last idle one.)
   */
  static Stream<Arguments> roomyStrategies() {
    return Stream.of("prestarted-accept:3", "prestarted-handoff:3", "reuseport:1:3", "elastic-accept:1:1:2:4",
        "elastic-handoff:1:1:2:4", "pooled:2:4").map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("roomyStrategies")
  void noStarvationWhileAHandlerIsIdleOrCanBeAdded(String name) throws Exception {
    try (ServerFixture f = new ServerFixture(Transport.TCP, dir)) {
      Server server = f.start(Strategy.named(name), f.options().build(), now::get);
      Connection first = f.connect(server);
      LineIO.writeLine(first.output(), "hold");
      await(f.held, 1);
      assertThat(call(f.connect(server), "second")).isEqualTo("SECOND");
      f.release.countDown();
      assertThat(LineIO.readLine(first.input())).isEqualTo("HOLD");
      assertThat(server.stats().starved()).isZero();
      assertThat(server.stats().waitedForHandler()).isZero();
      assertThat(warnings()).isEmpty();
    }
  }

  @Test
  void theWarningComesAtMostOncePerIntervalAndSaysHowManyWereSuppressed() {
    Starvation s = new Starvation("unit", "S", now::get);
    s.handlersBusy(1);
    now.addAndGet(INTERVAL - 1);
    s.handlersBusy(1);
    s.workersBusy(3);
    now.addAndGet(1);
    s.workersBusy(3);
    s.waited();
    s.handlersBusy(2);
    now.addAndGet(INTERVAL);
    s.handlersBusy(2);
    assertThat(warnings()).extracting(LogEvent::message).containsExactly(
        "unit: every handler of S is busy: new connections wait in the listen backlog, which cannot be counted"
            + " (starved 1 time; 0 connections found waiting so far); a bigger or elastic strategy, or"
            + " virtual threads, would serve them",
        "unit: every worker of S is busy: 3 connections wait in the queue (starved 4 times; 0 connections"
            + " found waiting so far); 2 similar warnings suppressed since the last one; a bigger or elastic"
            + " strategy, or virtual threads, would serve them",
        "unit: every handler on one of the 2 listeners of S is busy: new connections wait in the listen"
            + " backlog, which cannot be counted (starved 6 times; 1 connection found waiting so far); 1"
            + " similar warning suppressed since the last one; a bigger or elastic strategy, or virtual"
            + " threads, would serve them");
    assertThat(s.starved.sum()).isEqualTo(6);
    assertThat(s.waited.sum()).isEqualTo(1);
  }

  private static void awaitCount(Server server, ToLongFunction<ServerStats> count, long expected) {
    assertThat(Leaks.await(() -> count.applyAsLong(server.stats()) >= expected, WAIT))
        .as("count reaches %d within %s: %s", expected, WAIT, server.stats()).isTrue();
    assertThat(count.applyAsLong(server.stats())).isEqualTo(expected);
  }

  private static List<LogEvent> warnings() {
    return CapturedLogs.events().stream().filter(e -> e.is(Level.WARN, WARNING)).collect(Collectors.toList());
  }
}
