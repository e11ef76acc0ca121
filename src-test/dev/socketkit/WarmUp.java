package dev.socketkit;

import java.time.Duration;

/**
 * Opens, uses and closes connections once, in platform and (on Java 21+) virtual threads, so that
 * the descriptors the JDK opens lazily and keeps for the life of the process exist before any test
 * takes its baseline count. A class of its own: its lambdas must not wait for {@link Leaks}'s
 * initialisation, which is what runs this.
 */
final class WarmUp {
  private WarmUp() {}

  static void run() {
    for (Transport t : Transport.values()) {
      exchange(t, false);
      exchange(t, true);
    }
    java.util.concurrent.ExecutorService vts;
    try {
      vts = (java.util.concurrent.ExecutorService)
          java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      return; // Java 17-20
    }
    try {
      for (Transport t : Transport.values()) {
        vts.submit(() -> exchange(t, false)).get();
        vts.submit(() -> exchange(t, true)).get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("warm-up in a virtual thread failed", e);
    } finally {
      vts.shutdown();
    }
  }

  private static void exchange(Transport t, boolean timed) {
    try (dev.socketkit.Listener l = dev.socketkit.Listener.bind(t.bindAddress());
        dev.socketkit.Connection c = dev.socketkit.Connection.connect(l.localAddress(), Duration.ofSeconds(10));
        dev.socketkit.Connection s = l.accept(Duration.ofSeconds(10))) {
      if (timed) {
        s.setReadTimeout(Duration.ofMillis(1));
        try {
          s.input().readByte(); // nothing sent yet: waits, through the poller in a virtual thread
        } catch (TimedOutException expected) {
          // the point was to wait
        }
        s.setReadTimeout(Duration.ofSeconds(10));
      }
      java.util.concurrent.CompletableFuture<Void> writer = Async.run(() -> {
        try {
          c.input().exhausted(); // blocks until the server closes
        } catch (java.io.IOException ignored) {
          // closed: fine
        }
      });
      c.output().writeByte(1);
      c.shutdownOutput();
      s.input().readByte();
      s.input().exhausted();
      s.close();
      writer.join();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

}
