package dev.socketkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.Connection;
import dev.socketkit.Leaks;
import dev.socketkit.Listener;
import dev.socketkit.TimedOutException;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Waiters borrow selectors from the pool and give them back on close with no channel registered,
 * so a closed connection's socket descriptor is released while its selector waits for reuse; the
 * pool is bounded.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectorPoolTest {

  @BeforeEach
  void emptyPool() {
    assertThat(SelectorPool.closeIdle()).isZero();
  }

  /** Sockets this process has open. */
  private static long sockets() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : Arrays.stream(fds).filter(fd -> {
      try {
        return Files.readSymbolicLink(Path.of("/proc/self/fd", fd)).toString().startsWith("socket:");
      } catch (IOException e) {
        return false; // closed meanwhile
      }
    }).count();
  }

  /** Makes {@code s} wait in its read selector until its short read time-out expires. */
  private static void waitOnce(Connection s) {
    s.setReadTimeout(Duration.ofMillis(50));
    assertThatThrownBy(() -> s.input().readByte()).isInstanceOf(TimedOutException.class);
  }

  @Test
  void aClosedConnectionReleasesItsSocketAndTheNextOneReusesItsSelector() throws Exception {
    int fds = Leaks.openFds();
    long socketsBefore = sockets();
    try (Listener l = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      try (Connection c = Connection.connect(l.localAddress(), Duration.ofSeconds(10));
          Connection s = l.accept()) {
        waitOnce(s);
        assertThat(SelectorPool.idle()).isZero();
      }
      assertThat(SelectorPool.idle()).as("the read waiter's selector is back in the pool").isEqualTo(1);
      try (Connection c = Connection.connect(l.localAddress(), Duration.ofSeconds(10));
          Connection s = l.accept()) {
        waitOnce(s);
        assertThat(SelectorPool.idle()).as("the second connection took the idle selector").isZero();
        s.output().writeByte(7).flush();
        assertThat(c.input().readByte()).isEqualTo((byte) 7); // still a working connection
      }
      assertThat(SelectorPool.idle()).isEqualTo(1);
    }
    assertThat(Leaks.await(() -> sockets() <= socketsBefore, Duration.ofSeconds(10)))
        .as("no socket kept open by the pooled selector: %s", Leaks.describeFds()).isTrue();
    assertThat(SelectorPool.idle()).isEqualTo(1);
    Leaks.assertNoFdLeak(fds);
    assertThat(SelectorPool.idle()).isZero();
  }

  @Test
  void closeDuringAWaitClosesTheSelectorAndReleasesTheChannelAtOnce() throws Exception {
    int fds = Leaks.openFds();
    try (ServerSocketChannel server = ServerSocketChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel client = SocketChannel.open(server.getLocalAddress());
        SocketChannel accepted = server.accept()) {
      accepted.configureBlocking(false);
      Poller.Slot slot = new Poller.Slot(accepted);
      Waiter w = new Waiter(accepted, SelectionKey.OP_READ, slot);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try {
          w.await(Waiter.FOREVER);
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "selector-pool-test-waiter");
      t.start();
      assertThat(Leaks.await(() -> inSelect(t), Duration.ofSeconds(30)))
          .as("the thread waits in the selector").isTrue();
      w.close();
      t.join(30_000);
      assertThat(t.isAlive()).as("close woke the wait").isFalse();
      assertThat(failure.get()).as("the wait ends by returning or ClosedSelectorException")
          .satisfiesAnyOf(f -> assertThat(f).isNull(),
              f -> assertThat(f).isInstanceOf(java.nio.channels.ClosedSelectorException.class));
      assertThat(SelectorPool.idle()).as("a selector closed under a wait is not pooled").isZero();
      assertThat(accepted.isRegistered()).as("deregistered when close returned").isFalse();
      w.close(); // twice is harmless
      assertThat(SelectorPool.idle()).isZero();
      assertThatThrownBy(() -> w.await(Waiter.FOREVER))
          .isInstanceOf(java.nio.channels.ClosedSelectorException.class);
    }
    Leaks.assertNoFdLeak(fds);
  }

  private static boolean inSelect(Thread t) {
    return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("doSelect"));
  }

  @Test
  void atMostCapacitySelectorsStayIdle() throws Exception {
    int fds = Leaks.openFds();
    List<Selector> taken = new ArrayList<>();
    try {
      for (int i = 0; i < SelectorPool.CAPACITY + 3; i++) {
        taken.add(SelectorPool.take());
      }
    } finally {
      taken.forEach(s -> SelectorPool.give(s, null));
    }
    assertThat(SelectorPool.idle()).isEqualTo(SelectorPool.CAPACITY);
    assertThat(taken.stream().filter(Selector::isOpen).count()).as("the excess is closed")
        .isEqualTo(SelectorPool.CAPACITY);
    Leaks.assertNoFdLeak(fds);
    assertThat(taken).noneMatch(Selector::isOpen);
  }
}
