package dev.socketkit.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.socketkit.Connection;
import dev.socketkit.ConnectionResetException;
import dev.socketkit.server.Server;
import dev.socketkit.server.ServerStats;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;

/**
 * Three clients that misbehave against a line server, one after the other, each waiting until the
 * server has dealt with it, so that the server's log shows one line (or one warning) for each: a
 * client that vanishes in the middle of a line, one that sends a line over the line framing's
 * 8 KiB maximum, and one that says nothing until the idle time-out closes it.
 */
final class BadClients {
  /** The idle time-out the server runs with when these clients are shown. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private BadClients() {}

  static void run(Server server, PrintStream out) throws IOException {
    out.println("> (a client sends half a line and vanishes)");
    try (Connection c = connect(server)) {
      c.output().write("half a li".getBytes(UTF_8)).flush();
      if (!(server.localAddress() instanceof UnixDomainSocketAddress)) {
        c.setOption(StandardSocketOptions.SO_LINGER, 0); // close() resets the connection
      }
    }
    awaitCount(server, ServerStats::failed, 1);

    out.println("> (a client sends a line of 9000 bytes; the line framing's maximum is 8 KiB)");
    try (Connection c = connect(server)) {
      c.output().write(("x".repeat(9000) + "\n").getBytes(UTF_8)).flush();
      out.println(awaitEnd(c));
    }
    awaitCount(server, ServerStats::failed, 2);

    out.println("> (a client says nothing; the server's idle time-out is " + IDLE_TIMEOUT.toSeconds() + " s)");
    try (Connection c = connect(server)) {
      out.println(awaitEnd(c));
    }
    awaitCount(server, ServerStats::timedOut, 1);
  }

  private static Connection connect(Server server) throws IOException {
    Connection c = Connection.connect(server.localAddress(), Duration.ofSeconds(5));
    c.setReadTimeout(WAIT);
    return c;
  }

  /** Reads until the server closes the connection, and says how it ended. */
  private static String awaitEnd(Connection c) throws IOException {
    try {
      long discarded = c.input().asInputStream().transferTo(OutputStream.nullOutputStream());
      return "< (the server closed the connection" + (discarded > 0 ? " after " + discarded + " bytes)" : ")");
    } catch (ConnectionResetException e) { // closed with our unread bytes in its buffer
      return "< (the server reset the connection)";
    }
  }

  /** Waits until the server has counted the session, so its log line comes before the next. */
  private static void awaitCount(Server server, ToLongFunction<ServerStats> count, long atLeast) {
    long end = System.nanoTime() + WAIT.toNanos();
    while (count.applyAsLong(server.stats()) < atLeast) {
      if (System.nanoTime() - end > 0) {
        throw new IllegalStateException("the server did not count the session within " + WAIT + ": " + server.stats());
      }
      LockSupport.parkNanos(1_000_000L); // poll the server's counters
    }
  }
}
