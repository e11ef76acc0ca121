package dev.socketkit.server;

import static dev.socketkit.server.ServerFixture.await;
import static dev.socketkit.server.ServerFixture.call;
import static dev.socketkit.server.ServerContractTest.assertPeerClosed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.Connection;
import dev.socketkit.examples.LineIO;
import dev.socketkit.server.ServerFixture.Transport;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What only some strategies do: queues, elastic handlers, virtual threads, and validation. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StrategyTest {
  @TempDir Path dir;

  @Test
  void virtualThreadsAreAvailableExactlyFromJava21() {
    assertThat(Strategy.virtualThreadsAvailable()).isEqualTo(Runtime.version().feature() >= 21);
  }

  @Test
  void askingForVirtualThreadsWithoutThemFailsAtConfiguration() {
    if (Strategy.virtualThreadsAvailable()) {
      assertThat(Strategy.virtualThreads(8)).hasToString("VirtualThreads[cap=8]");
    } else {
      assertThatThrownBy(Strategy::virtualThreads)
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("Java 21");
    }
  }

  @Test
  void strategiesAreValues() {
    assertThat(Strategy.pooled(4, 16, Overflow.CLOSE)).isEqualTo(Strategy.pooled(4, 16, Overflow.CLOSE))
        .hasSameHashCodeAs(Strategy.pooled(4, 16, Overflow.CLOSE))
        .isNotEqualTo(Strategy.pooled(4, 16, Overflow.WAIT));
    assertThat(Strategy.prestartedAccept(2).withSpareHandlers(1, 2, 4)).isNotEqualTo(Strategy.prestartedAccept(2));
  }

  @Test
  void invalidCountsAreRefusedWithTheValueAndTheRange() {
    assertThatThrownBy(() -> Strategy.pooled(0, 4, Overflow.WAIT))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("workers: 0 (expected: 1 to 10000)");
    assertThatThrownBy(() -> Strategy.prestartedAccept(4).withSpareHandlers(3, 2, 8))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxSpare: 2 (expected: 3 to 10000)");
    assertThatThrownBy(() -> Strategy.prestartedHandoff(4).withSpareHandlers(1, 2, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxHandlers: 3 (expected: 4 to 10000)");
  }

  @Test
  void eachStrategyIsARecordWhoseFieldsMeanOneThingEach() {
    // Only the pre-started records have withSpareHandlers: asking a thread-per-connection
    // strategy for spares does not compile.
    Strategy.ReusePort elastic = Strategy.reusePort(2, 1).withSpareHandlers(1, 2, 4);
    assertThat(elastic).isEqualTo(new Strategy.ReusePort(2, 1, new SpareHandlers(1, 2, 4)))
        .hasToString("ReusePort[listeners=2, handlersPerListener=1, "
            + "spares=SpareHandlers[minSpare=1, maxSpare=2, maxHandlers=4]]");
    assertThat(Strategy.prestartedHandoff(3).spares()).isEqualTo(SpareHandlers.FIXED);
    assertThat(Strategy.pooled(4, 16, Overflow.WAIT).workers()).isEqualTo(4);
    assertThat(Strategy.iterative()).isEqualTo(new Strategy.Iterative()).hasToString("Iterative[]");
  }

  @Test
  void pooledRejectsWhenWorkersAreBusyAndTheQueueIsFull() throws Exception {
    try (ServerFixture f = new ServerFixture(Transport.TCP, dir)) {
      Server server = f.start(Strategy.pooled(1, 1, Overflow.CLOSE), f.options().build());
      Connection busy = f.connect(server);
      LineIO.writeLine(busy.output(), "hold");
      await(f.held, 1);
      Connection queued = f.connect(server);
      LineIO.writeLine(queued.output(), "queued");
      await(f.accepted, 2);
      assertPeerClosed(f.connect(server));
      await(f.rejected, 1);
      assertThat(server.stats().rejected(RejectReason.QUEUE_FULL)).isEqualTo(1);
      f.release.countDown();
      assertThat(LineIO.readLine(busy.input())).isEqualTo("HOLD");
      busy.close();
      assertThat(LineIO.readLine(queued.input())).isEqualTo("QUEUED");
    }
  }

  @Test
  void pooledWithWaitHoldsTheAcceptorAndServesEveryoneLater() throws Exception {
    try (ServerFixture f = new ServerFixture(Transport.UNIX, dir)) {
      Server server = f.start(Strategy.pooled(1, 1, Overflow.WAIT), f.options().build());
      Connection busy = f.connect(server);
      LineIO.writeLine(busy.output(), "hold");
      await(f.held, 1);
      Connection[] waiting = new Connection[3];
      for (int i = 0; i < waiting.length; i++) {
        waiting[i] = f.connect(server);
        LineIO.writeLine(waiting[i].output(), "w" + i);
      }
      f.release.countDown();
      assertThat(LineIO.readLine(busy.input())).isEqualTo("HOLD");
      busy.close();
      for (int i = 0; i < waiting.length; i++) {
        assertThat(LineIO.readLine(waiting[i].input())).isEqualTo("W" + i);
        waiting[i].close();
      }
      assertThat(server.stats().rejected()).isZero();
    }
  }

  @Test
  void elasticHandoffAddsHandlersUpToItsMaximum() throws Exception {
    assertElasticGrowth(Strategy.prestartedHandoff(1).withSpareHandlers(1, 2, 4));
  }

  @Test
  void elasticAcceptAddsHandlersUpToItsMaximum() throws Exception {
    assertElasticGrowth(Strategy.prestartedAccept(1).withSpareHandlers(1, 2, 4));
  }

  private void assertElasticGrowth(Strategy strategy) throws Exception {
    try (ServerFixture f = new ServerFixture(Transport.TCP, dir)) {
      Server server = f.start(strategy, f.options().build());
      Connection[] clients = new Connection[4];
      for (int i = 0; i < clients.length; i++) {
        clients[i] = f.connect(server);
        LineIO.writeLine(clients[i].output(), "hold");
      }
      await(f.held, 4); // four sessions at once, though one handler was started
      assertThat(ServerFixture.threadsOf(f.name).stream().filter(n -> n.contains("-handler-")))
          .hasSizeLessThanOrEqualTo(4);
      f.release.countDown();
      for (Connection c : clients) {
        assertThat(LineIO.readLine(c.input())).isEqualTo("HOLD");
      }
    }
  }

  @Test
  void reusePortSpreadsOneServerOverSeveralListenersOnOnePort() throws Exception {
    try (ServerFixture f = new ServerFixture(Transport.TCP, dir)) {
      Server server = f.start(Strategy.reusePort(3, 1), f.options().build());
      for (int i = 0; i < 6; i++) {
        try (Connection c = f.connect(server)) {
          assertThat(call(c, "r" + i)).isEqualTo("R" + i);
        }
      }
      assertThat(ServerFixture.threadsOf(f.name)).hasSize(3);
    }
  }
}
