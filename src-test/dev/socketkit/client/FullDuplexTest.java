package dev.socketkit.client;

import dev.socketkit.Async;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.Connection;
import dev.socketkit.Listener;
import dev.socketkit.SocketClosedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FullDuplexTest {
  /** More than both sides' socket buffers hold: half-duplex code would deadlock here. */
  private static final int BYTES = 8 << 20;

  private static FullDuplex.Direction sendAll(byte fill) {
    return c -> {
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, fill);
      for (int sent = 0; sent < BYTES; sent += chunk.length) {
        c.output().write(chunk);
      }
    };
  }

  private static FullDuplex.Direction receiveAll(long[] count, byte expected) {
    return c -> {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = c.input().read(buf, 0, buf.length)) > 0; ) {
        for (int i = 0; i < n; i++) {
          if (buf[i] != expected) {
            throw new IOException("unexpected byte " + buf[i] + " at " + (count[0] + i));
          }
        }
        count[0] += n;
      }
    };
  }

  @Test
  void bothSidesSendEverythingAtOnceThenEachDirectionEndsCleanly() throws Exception {
    try (Listener l = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Connection client = Connection.connect(l.localAddress(), Duration.ofSeconds(10));
        Connection server = l.accept()) {
      client.setReadTimeout(Duration.ofSeconds(20));
      server.setReadTimeout(Duration.ofSeconds(20));
      long[] atServer = new long[1];
      long[] atClient = new long[1];
      CompletableFuture<Void> serverSide = Async.run(() -> {
        try {
          FullDuplex.run(server, receiveAll(atServer, (byte) 'c'), sendAll((byte) 's'));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      FullDuplex.run(client, receiveAll(atClient, (byte) 's'), sendAll((byte) 'c'));
      serverSide.get(20, TimeUnit.SECONDS);
      assertThat(atServer[0]).isEqualTo(BYTES);
      assertThat(atClient[0]).isEqualTo(BYTES);
      assertThat(client.isOpen()).isTrue(); // the caller closes
    }
  }

  @Test
  void aFailingWriterClosesTheConnectionWakesTheReaderAndIsThrown() throws Exception {
    try (Listener l = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Connection client = Connection.connect(l.localAddress(), Duration.ofSeconds(10));
        Connection server = l.accept()) {
      IOException boom = new IOException("writer gave up");
      assertThatThrownBy(() -> FullDuplex.run(client, c -> c.input().require(1), c -> {
        throw boom;
      })).isSameAs(boom).satisfies(e -> assertThat(e.getSuppressed())
          .singleElement().isInstanceOf(SocketClosedException.class));
      assertThat(client.isOpen()).isFalse();
      assertThat(server.input().asInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void aFailingReaderIsThrownEvenWhenTheWriterIsBlockedAndFailsLater() throws Exception {
    try (Listener l = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Connection client = Connection.connect(l.localAddress(), Duration.ofSeconds(10));
        Connection server = l.accept()) {
      IOException boom = new IOException("reader gave up");
      java.util.concurrent.CountDownLatch writerBlocked = new java.util.concurrent.CountDownLatch(1);
      FullDuplex.Direction failingReader = c -> {
        // Fail only once the writer is inside the connection's write, blocked on a peer that
        // never reads: its SocketClosedException then comes second.
        boolean blocked = dev.socketkit.Leaks.await(
            () -> writerBlocked.getCount() == 0 && Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("duplex-writer-under-test")
                    && java.util.Arrays.stream(t.getStackTrace())
                        .anyMatch(f -> f.getClassName().equals("dev.socketkit.TimedIo"))
                    && t.getState() != Thread.State.RUNNABLE || isNativeTop(t)),
            Duration.ofSeconds(30));
        assertThat(blocked).as("writer blocked in the connection").isTrue();
        throw boom;
      };
      FullDuplex.Direction blockedWriter = c -> {
        writerBlocked.countDown();
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 16 * 1024; i++) {
          c.output().write(chunk).flush();
        }
      };
      client.setWriteTimeout(Duration.ofSeconds(60));
      String name = Thread.currentThread().getName();
      Thread.currentThread().setName("duplex-writer-under-test");
      try {
        assertThatThrownBy(() -> FullDuplex.run(client, failingReader, blockedWriter))
            .isSameAs(boom).satisfies(e -> assertThat(e.getSuppressed())
                .singleElement().isInstanceOf(SocketClosedException.class));
      } finally {
        Thread.currentThread().setName(name);
      }
    }
  }

  private static boolean isNativeTop(Thread t) {
    StackTraceElement[] st = t.getStackTrace();
    return t.getName().equals("duplex-writer-under-test") && st.length > 0 && st[0].isNativeMethod()
        && java.util.Arrays.stream(st).anyMatch(f -> f.getClassName().equals("dev.socketkit.TimedIo"));
  }
}
