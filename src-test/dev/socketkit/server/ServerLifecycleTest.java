package dev.socketkit.server;

import dev.socketkit.Async;
import static dev.socketkit.server.ServerFixture.await;
import static dev.socketkit.server.ServerFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.Connection;
import dev.socketkit.examples.LineIO;
import dev.socketkit.logs.CapturedLogs;
import dev.socketkit.server.ServerFixture.Transport;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** Start, shutdown and the accept loop's error policy, independent of the strategy. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerLifecycleTest {
  @TempDir Path dir;

  @Test
  void startOnPortZeroReportsTheBoundPort() throws Exception {
    try (ServerFixture f = new ServerFixture(Transport.TCP, dir)) {
      Server server = f.start(Strategy.iterative(), f.options().build());
      assertThat(((InetSocketAddress) server.localAddress()).getPort()).isPositive();
      assertThat(server.toString()).contains(f.name, "Iterative[]", "127.0.0.1:").doesNotContain("/");
    }
  }

  @Test
  void startTwiceOrAfterShutdownIsALifecycleError() throws Exception {
    try (ServerFixture f = new ServerFixture(Transport.TCP, dir)) {
      Server server = f.start(Strategy.iterative(), f.options().build());
      assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
      server.shutdown(Duration.ZERO);
      assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void localAddressBeforeStartIsALifecycleError() {
    Server server = Server.of(new InetSocketAddress(0), Strategy.iterative(), c -> { });
    assertThatThrownBy(server::localAddress).isInstanceOf(IllegalStateException.class);
    assertThat(server.shutdown(Duration.ZERO).finished()).isZero();
  }

  @Test
  void shutdownFromTwoThreadsReturnsOneReport() throws Exception {
    try (ServerFixture f = new ServerFixture(Transport.UNIX, dir)) {
      Server server = f.start(Strategy.threadPerConnection(), f.options().build());
      Connection c = f.connect(server);
      LineIO.writeLine(c.output(), "hold");
      await(f.held, 1);
      CompletableFuture<ShutdownReport> first = Async.supply(() -> server.shutdown(Duration.ZERO));
      ShutdownReport second = server.shutdown(Duration.ZERO);
      assertThat(first.get(30, TimeUnit.SECONDS)).isSameAs(second);
      assertThat(second.cutOff()).isEqualTo(1);
      assertThat(server.shutdown(Duration.ofSeconds(5))).isSameAs(second);
    }
  }

  @Test
  void anInterruptedShutdownEndsTheGraceEarlyStillEndsEveryThreadAndKeepsTheInterrupt() throws Exception {
    try (ServerFixture f = new ServerFixture(Transport.TCP, dir)) {
      Server server = f.start(Strategy.prestartedHandoff(2), f.options().build());
      Connection c = f.connect(server);
      LineIO.writeLine(c.output(), "hold");
      await(f.held, 1);
      Thread.currentThread().interrupt();
      // a grace far past the test's time-out: only the interrupt can end it in time
      ShutdownReport report = server.shutdown(Duration.ofHours(1));
      assertThat(Thread.interrupted()).isTrue();
      assertThat(report.cutOff()).isEqualTo(1);
      assertThat(ServerFixture.threadsOf(f.name)).isEmpty();
    }
  }

  @Test
  void shutdownFromAHandlerIsRefused() throws Exception {
    AtomicReference<Server> self = new AtomicReference<>();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    try (ServerFixture f = new ServerFixture(Transport.TCP, dir)) {
      Server server = Server.of(f.address(), Strategy.threadPerConnection(), f.options().build(), c -> {
        try {
          self.get().shutdown(Duration.ZERO);
        } catch (IllegalStateException e) {
          thrown.set(e);
        } finally {
          done.countDown();
        }
      });
      self.set(server.start());
      try {
        f.connect(server);
        await(done);
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining(f.name);
      } finally {
        server.shutdown(Duration.ZERO);
      }
    }
  }

  @Test
  void acceptLoopBacksOffOnTransientErrorsAndKeepsServing() throws Exception {
    try (ServerFixture f = new ServerFixture(Transport.TCP, dir)) {
      f.acceptFailuresToInject = 3;
      Server server = f.start(Strategy.threadPerConnection(), f.options().build());
      assertThat(call(f.connect(server), "after errors")).isEqualTo("AFTER ERRORS");
      assertThat(server.stats().acceptErrors()).isEqualTo(3);
      Long[] at = f.acceptCalls.toArray(new Long[0]);
      assertThat(at).as("three failed accepts, then the one that served").hasSizeGreaterThanOrEqualTo(4);
      long[] expectedMs = {5, 10, 20}; // 5 ms doubling: the pause after each failure, at least
      for (int i = 0; i < 3; i++) {
        assertThat(TimeUnit.NANOSECONDS.toMillis(at[i + 1] - at[i]))
            .as("pause after accept failure %d", i + 1).isGreaterThanOrEqualTo(expectedMs[i]);
      }
      assertThat(CapturedLogs.awaitEvent(Level.WARN, "retrying in 20 ms", ServerFixture.WAIT).message())
          .contains("Too many open files (injected)");
    }
  }

  @Test
  void reusePortOnUnixSocketsFailsAtStartLeavingNothingOpen() throws Exception {
    try (ServerFixture f = new ServerFixture(Transport.UNIX, dir)) {
      assertThatThrownBy(() -> f.start(Strategy.reusePort(2, 1), f.options().build()))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void liveSessionsListsRunningSessionsOnly() throws Exception {
    try (ServerFixture f = new ServerFixture(Transport.TCP, dir)) {
      Server server = f.start(Strategy.pooled(2, 2, Overflow.WAIT), f.options().build());
      Connection held = f.connect(server);
      LineIO.writeLine(held.output(), "hold");
      await(f.held, 1);
      try (Connection brief = f.connect(server)) {
        assertThat(call(brief, "x")).isEqualTo("X");
      }
      await(f.closed, 1);
      assertThat(server.liveSessions()).singleElement().satisfies(s -> {
        assertThat(s.id()).startsWith(f.name + "-");
        assertThat(s.remoteAddress()).isEqualTo(held.localAddress());
        assertThat(s.bytesIn()).isEqualTo(5);
      });
    }
  }
}
