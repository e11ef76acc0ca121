package dev.socketkit.internal;

import dev.socketkit.Connection;
import dev.socketkit.Leaks;
import dev.socketkit.Listener;
import dev.socketkit.SocketClosedException;
import dev.socketkit.TimedOutException;
import dev.socketkit.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Time limits used from virtual threads (Java 21+): a waiting virtual thread parks and a shared
 * poller waits for it, so thousands of sessions with time-outs never hold a carrier thread each.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VirtualThreadWaitTest {

  static ExecutorService virtualThreads() {
    try {
      return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void timeLimitsFireAndCloseWakesAVirtualThread(Transport t) throws Exception {
    ExecutorService vts = virtualThreads();
    assumeTrue(vts != null, "virtual threads need Java 21+");
    int fds = Leaks.openFds();
    try (AutoCloseable stop = vts::shutdownNow; Listener l = Listener.bind(t.bindAddress());
        Connection c = Connection.connect(l.localAddress(), Duration.ofSeconds(10));
        Connection s = l.accept()) {
      s.setReadTimeout(Duration.ofMillis(100));
      Future<?> timedOut = vts.submit(() -> s.input().readByte());
      assertThatThrownBy(() -> timedOut.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TimedOutException.class);

      s.setReadTimeout(Duration.ofSeconds(60));
      Future<Byte> read = vts.submit(() -> s.input().readByte());
      c.output().writeByte(5).flush();
      assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo((byte) 5);

      Future<?> deadlined = vts.submit(() -> s.input().readByte());
      assertThat(Leaks.await(() -> Poller.parked() > 0, Duration.ofSeconds(30)))
          .as("the virtual thread parked for the poller").isTrue();
      assertThat(deadlined).isNotDone();
      s.setDeadline(java.time.Instant.now().minusMillis(1)); // wakes the parked read
      assertThatThrownBy(() -> deadlined.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TimedOutException.class);
      s.clearDeadline();

      Future<?> blocked = vts.submit(() -> s.input().readByte());
      assertThat(Leaks.await(() -> Poller.parked() > 0, Duration.ofSeconds(30)))
          .as("the virtual thread parked for the poller").isTrue();
      assertThat(blocked).isNotDone();
      s.close();
      assertThatThrownBy(() -> blocked.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SocketClosedException.class);
    }
    Leaks.assertNoFdLeak(fds);
  }

  @Test
  void aThousandVirtualThreadsWaitingWithTimeLimitsDoNotNeedAThousandCarriers() throws Exception {
    ExecutorService vts = virtualThreads();
    assumeTrue(vts != null, "virtual threads need Java 21+");
    int sessions = 1000;
    int fds = Leaks.openFds();
    List<Connection> clients = new ArrayList<>();
    List<Connection> servers = new ArrayList<>();
    try (AutoCloseable stop = vts::shutdownNow; Listener l = Listener.bind(Transport.TCP4.bindAddress())) {
      List<Future<Byte>> reads = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        clients.add(Connection.connect(l.localAddress(), Duration.ofSeconds(10)));
        Connection s = l.accept(Duration.ofSeconds(10));
        s.setReadTimeout(Duration.ofSeconds(60)).setWriteTimeout(Duration.ofSeconds(60));
        servers.add(s);
        reads.add(vts.submit(() -> s.input().readByte()));
      }
      assertThat(Leaks.await(() -> Poller.parked() == sessions, Duration.ofSeconds(60)))
          .as("all %d sessions parked in the shared poller (parked: %d)", sessions, Poller.parked())
          .isTrue();
      int threadsWhileWaiting = Thread.getAllStackTraces().size();
      for (int i = 0; i < sessions; i++) {
        clients.get(i).output().writeByte(i).flush();
      }
      for (int i = 0; i < sessions; i++) {
        assertThat(reads.get(i).get(60, TimeUnit.SECONDS)).isEqualTo((byte) i);
      }
      assertThat(threadsWhileWaiting).as("platform threads while %d sessions wait", sessions)
          .isLessThan(200);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    } finally {
      for (Connection c : clients) {
        c.close();
      }
      for (Connection c : servers) {
        c.close();
      }
    }
    Leaks.assertNoFdLeak(fds);
  }
}
