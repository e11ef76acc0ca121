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
 * Time limits used from virtual threads (Java 21+): a waiting virtual thread parks (a shared poller
 * waits for it before Java 25; from Java 25 on it waits in the connection's selector, which the JDK
 * watches for it), so thousands of sessions with time-outs never hold a carrier thread each.
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

  /**
   * Runs a read on a virtual thread and tells whether that thread is parked: in the shared poller
   * before Java 25, in the JDK's own poller (through the connection's selector) from Java 25 on.
   */
  static final class Waiting {
    private volatile Thread thread;

    <T> T run(java.util.concurrent.Callable<T> read) throws Exception {
      thread = Thread.currentThread();
      return read.call();
    }

    boolean parked() {
      Thread t = thread;
      Thread.State st = t == null ? null : t.getState();
      return st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING;
    }

    boolean parks() {
      return Leaks.await(this::parked, Duration.ofSeconds(30));
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

      Waiting deadlinedRead = new Waiting();
      Future<?> deadlined = vts.submit(() -> deadlinedRead.run(() -> s.input().readByte()));
      assertThat(deadlinedRead.parks()).as("the virtual thread parked").isTrue();
      assertThat(deadlined).isNotDone();
      s.setDeadline(java.time.Instant.now().minusMillis(1)); // wakes the parked read
      assertThatThrownBy(() -> deadlined.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TimedOutException.class);
      s.clearDeadline();

      Waiting blockedRead = new Waiting();
      Future<?> blocked = vts.submit(() -> blockedRead.run(() -> s.input().readByte()));
      assertThat(blockedRead.parks()).as("the virtual thread parked").isTrue();
      assertThat(blocked).isNotDone();
      s.close();
      assertThatThrownBy(() -> blocked.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SocketClosedException.class);
    }
    Leaks.assertNoFdLeak(fds);
  }

  @Test
  void pastTheSelectorLimitVirtualThreadsWaitThroughTheSharedPoller() throws Exception {
    ExecutorService vts = virtualThreads();
    assumeTrue(vts != null, "virtual threads need Java 21+");
    assumeTrue(VirtualThreads.SELECT_PARKS, "virtual threads wait in selectors from Java 25 on");
    // The shared poller keeps its selector for the life of the process: start it before counting.
    java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
    pipe.source().configureBlocking(false);
    Poller.Slot warm = new Poller.Slot(pipe.source());
    warm.await(java.nio.channels.SelectionKey.OP_READ, 1_000_000L);
    warm.closeWith(pipe.source());
    pipe.sink().close();
    int fds = Leaks.openFds();
    int limit = Waiter.virtualSelectorLimit;
    Waiter.virtualSelectorLimit = 1;
    try (AutoCloseable stop = vts::shutdownNow; Listener l = Listener.bind(Transport.TCP4.bindAddress());
        Connection c1 = Connection.connect(l.localAddress(), Duration.ofSeconds(10));
        Connection s1 = l.accept(Duration.ofSeconds(10));
        Connection c2 = Connection.connect(l.localAddress(), Duration.ofSeconds(10));
        Connection s2 = l.accept(Duration.ofSeconds(10))) {
      s1.setReadTimeout(Duration.ofSeconds(60));
      s2.setReadTimeout(Duration.ofSeconds(60));
      Waiting inSelector = new Waiting();
      Future<Byte> first = vts.submit(() -> inSelector.run(() -> s1.input().readByte()));
      assertThat(inSelector.parks()).as("the first virtual thread parked").isTrue();
      assertThat(Poller.parked()).as("threads parked for the shared poller").isZero();

      Waiting inPoller = new Waiting();
      Future<Byte> second = vts.submit(() -> inPoller.run(() -> s2.input().readByte()));
      assertThat(Leaks.await(() -> Poller.parked() == 1, Duration.ofSeconds(30)))
          .as("the second waits through the shared poller").isTrue();
      c1.output().writeByte(1).flush();
      c2.output().writeByte(2).flush();
      assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo((byte) 1);
      assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo((byte) 2);
    } finally {
      Waiter.virtualSelectorLimit = limit;
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
      List<Waiting> waiting = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        clients.add(Connection.connect(l.localAddress(), Duration.ofSeconds(10)));
        Connection s = l.accept(Duration.ofSeconds(10));
        s.setReadTimeout(Duration.ofSeconds(60)).setWriteTimeout(Duration.ofSeconds(60));
        servers.add(s);
        Waiting w = new Waiting();
        waiting.add(w);
        reads.add(vts.submit(() -> w.run(() -> s.input().readByte())));
      }
      assertThat(Leaks.await(() -> waiting.stream().allMatch(Waiting::parked), Duration.ofSeconds(60)))
          .as("all %d sessions parked", sessions).isTrue();
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
