package dev.socketkit.examples;

import dev.socketkit.server.Server;
import dev.socketkit.server.ShutdownReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a serving example waits before it shuts its server down: until standard input ends (each
 * line typed prints the server's stats), or, with {@code untilSignal}, until SIGTERM or SIGINT
 * whatever standard input does (nohup, {@code &}, CI, a service manager). Either way SIGTERM and
 * Ctrl-C shut the server down cleanly and print its stats and shutdown report.
 */
final class Serving {
  /** How long a signal waits for the shutdown to finish before the JVM exits anyway. */
  private static final Duration HOOK_LIMIT = Duration.ofSeconds(30);

  private Serving() {}

  /** The line a serving example prints once it is ready, saying how to stop it. */
  static String banner(boolean untilSignal) {
    return untilSignal
        ? "serving until SIGTERM or Ctrl-C"
        : "serving until standard input ends: Enter prints stats, Ctrl-D (end of input), SIGTERM or Ctrl-C stops";
  }

  /**
   * Prints the banner, waits as described above, then shuts {@code server} down within
   * {@code grace} and prints its stats and the report to {@code out}.
   */
  static ShutdownReport serve(Server server, boolean untilSignal, InputStream stdin, PrintStream out,
      Duration grace) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    AtomicBoolean signalled = new AtomicBoolean();
    Thread hook = new Thread(() -> {
      signalled.set(true);
      stop.countDown();
      try {
        done.await(HOOK_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, server.name() + "-signal");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println(banner(untilSignal));
    if (!untilSignal) {
      Thread reader = new Thread(() -> {
        try {
          BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
          while (lines.readLine() != null) {
            out.println(server.stats());
          }
        } catch (IOException e) {
          throw new UncheckedIOException("reading standard input", e);
        } finally {
          stop.countDown();
        }
      }, server.name() + "-stdin");
      reader.setDaemon(true); // blocked in a read of standard input when a signal stops the server
      reader.start();
    }
    try {
      stop.await();
      out.println(signalled.get() ? "stopping: signal received" : "stopping: standard input ended");
      ShutdownReport report = server.shutdown(grace);
      out.println(server.stats());
      out.println(report);
      return report;
    } finally {
      done.countDown();
      try {
        if (!signalled.get()) {
          Runtime.getRuntime().removeShutdownHook(hook);
        }
      } catch (IllegalStateException e) { // the JVM is exiting: the hook runs and finds us done
        out.println("(a signal came during the shutdown)");
      }
    }
  }
}
