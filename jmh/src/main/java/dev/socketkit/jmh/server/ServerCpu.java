package dev.socketkit.jmh.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server CPU time per operation over a trial's measurement iterations: a benchmark counts its
 * operations with {@link #done()}, marks each iteration's start and end, and at the end of the
 * trial prints {@code server-cpu-per-op BENCHMARK,SERVER,TRANSPORT,US,OPS} and, when the system
 * property {@code socketkit.jmh.cpuFile} names a file, appends the same CSV line there. Needs a
 * server in its own process (a child JVM or an external server given by pid); in-process servers
 * report {@code NaN}.
 */
public final class ServerCpu {
  private final LongAdder ops = new LongAdder();
  private long cpuAtStart;
  private long opsAtStart;
  private long measuredCpu;
  private long measuredOps;

  /** Counts one operation; call it from the benchmark method. */
  public void done() {
    ops.increment();
  }

  /**
   * Notes the server's CPU time before an iteration.
   *
   * @param server the server
   */
  public void mark(ServerUnderTest server) {
    cpuAtStart = server.cpuNanos();
    opsAtStart = ops.sum();
  }

  /**
   * Adds an iteration's server CPU time and operations to the totals.
   *
   * @param server the server
   * @param measurement whether the iteration was a measurement (warm-up is not counted)
   */
  public void account(ServerUnderTest server, boolean measurement) {
    if (measurement && cpuAtStart >= 0) {
      measuredCpu += server.cpuNanos() - cpuAtStart;
      measuredOps += ops.sum() - opsAtStart;
    }
  }

  /**
   * Prints the trial's figure and appends it to the CSV file, if one is named.
   *
   * @param benchmark the benchmark, for example {@code Churn.connection}
   * @param server the server parameter
   * @param transport the transport parameter
   * @throws IOException if the file cannot be written
   */
  public void report(String benchmark, String server, String transport) throws IOException {
    double micros = measuredOps == 0 || measuredCpu < 0 ? Double.NaN : measuredCpu / 1e3 / measuredOps;
    String line = String.format(Locale.ROOT, "%s,%s,%s,%.2f,%d", benchmark, server, transport, micros, measuredOps);
    System.out.println("server-cpu-per-op " + line + " (benchmark,server,transport,us,ops)");
    String file = System.getProperty("socketkit.jmh.cpuFile");
    if (file != null) {
      Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }
}
