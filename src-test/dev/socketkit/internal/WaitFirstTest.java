package dev.socketkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.Connection;
import dev.socketkit.ConnectionOptions;
import dev.socketkit.Leaks;
import dev.socketkit.TimedOutException;
import dev.socketkit.spi.Transport;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A timed read after one that drained the socket and whose first try found nothing waits first
 * and reads once: no read that only says "nothing yet"; the wait still obeys limits and setters.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaitFirstTest {

  /** One test's body, given the pair and a thread to read on. */
  interface Body {
    void run(Pair p, ExecutorService reader) throws Exception;
  }

  /** Runs {@code body}, then checks the reading thread ended and no descriptor is left open. */
  private static void withPair(Body body) throws Exception {
    int fds = Leaks.openFds();
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try (Pair p = new Pair(); AutoCloseable stop = reader::shutdownNow) {
      body.run(p, reader);
    }
    reader.shutdownNow();
    assertThat(reader.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    Leaks.assertNoFdLeak(fds);
  }

  @Test
  void aReadAfterOneThatFoundNothingWaitsBeforeReading() throws Exception {
    withPair((p, reader) -> {
      p.server.setReadTimeout(Duration.ofSeconds(30));
      Future<byte[]> first = reader.submit(() -> p.server.input().readFully(2));
      assertThat(Leaks.await(() -> p.counting.awaits.get() == 1, Duration.ofSeconds(30)))
          .as("the reader waits for readiness").isTrue();
      assertThat(p.counting.emptyReads.get()).as("tries that found nothing").isEqualTo(1);
      p.peer.write(ByteBuffer.wrap(new byte[] {1, 2}));
      assertThat(first.get(30, TimeUnit.SECONDS)).containsExactly(1, 2);
      p.counting.reset();

      Future<byte[]> next = reader.submit(() -> p.server.input().readFully(2));
      assertThat(Leaks.await(() -> p.counting.awaits.get() == 1, Duration.ofSeconds(30)))
          .as("the reader waits for readiness").isTrue();
      assertThat(p.counting.emptyReads.get()).as("tries that found nothing").isZero();
      p.peer.write(ByteBuffer.wrap(new byte[] {4, 5}));
      assertThat(next.get(30, TimeUnit.SECONDS)).containsExactly(4, 5);
      assertThat(p.counting.emptyReads.get()).as("tries that found nothing").isZero();
    });
  }

  @Test
  void aSetterWakesAReadThatWaitedFirst() throws Exception {
    withPair((p, reader) -> {
      p.server.setReadTimeout(Duration.ofSeconds(60));
      p.peer.write(ByteBuffer.wrap(new byte[] {1}));
      assertThat(p.server.input().readByte()).isEqualTo((byte) 1);
      p.counting.reset();

      Future<Byte> next = reader.submit(() -> p.server.input().readByte());
      assertThat(Leaks.await(() -> p.counting.awaits.get() == 1, Duration.ofSeconds(30)))
          .as("the reader waits for readiness").isTrue();
      p.server.setReadTimeout(Duration.ofMillis(50)); // applies to the waiting read
      assertThatThrownBy(() -> next.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TimedOutException.class);

      p.server.setReadTimeout(Duration.ofSeconds(60)); // still usable after the time-out
      p.peer.write(ByteBuffer.wrap(new byte[] {7}));
      assertThat(p.server.input().readByte()).isEqualTo((byte) 7);
    });
  }

  /** A loopback TCP pair: a raw peer channel and a connection over a counting socket transport. */
  private static final class Pair implements AutoCloseable {
    final SocketChannel peer;
    final Counting counting;
    final Connection server;

    Pair() throws IOException {
      try (ServerSocketChannel listener = ServerSocketChannel.open()) {
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        peer = SocketChannel.open(listener.getLocalAddress());
        counting = new Counting(SocketTransport.of(listener.accept()));
        server = Connection.of(counting.transport, ConnectionOptions.defaults());
      }
    }

    @Override
    public void close() throws IOException {
      try {
        server.close();
      } finally {
        peer.close();
      }
    }
  }

  /** Counts, around a socket transport, the reads that returned nothing and the waits. */
  private static final class Counting {
    final AtomicInteger emptyReads = new AtomicInteger();
    final AtomicInteger awaits = new AtomicInteger();
    final Transport transport;

    Counting(Transport t) {
      transport = (Transport) Proxy.newProxyInstance(Transport.class.getClassLoader(),
          new Class<?>[] {Transport.class}, (proxy, method, args) -> {
            if (method.getName().equals("awaitReadable")) {
              awaits.incrementAndGet();
            }
            Object result;
            try {
              result = method.invoke(t, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
            if (method.getName().equals("read") && result.equals(0)) {
              emptyReads.incrementAndGet();
            }
            return result;
          });
    }

    void reset() {
      emptyReads.set(0);
      awaits.set(0);
    }
  }
}
