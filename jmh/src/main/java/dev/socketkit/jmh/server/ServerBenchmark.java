package dev.socketkit.jmh.server;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What every network benchmark's state shares: the server under test and its CPU time per
 * operation, noted before and added up after each iteration (JMH runs these inherited set-up and
 * tear-down methods as if the subclass declared them). The subclass starts and stops the server
 * in its own trial set-up and tear-down, and counts operations with {@code cpu.done()}.
 */
public abstract class ServerBenchmark {
  /** The server under test; set by the subclass's trial set-up. */
  protected ServerUnderTest process;

  /** The server's CPU time per operation over the measurement iterations. */
  protected final ServerCpu cpu = new ServerCpu();

  /** Creates the shared state; JMH instantiates the subclass. */
  protected ServerBenchmark() {}

  /** Notes the server's CPU time before an iteration. */
  @Setup(Level.Iteration)
  public void mark() {
    cpu.mark(process);
  }

  /**
   * Adds a measurement iteration's server CPU time and operations to the totals.
   *
   * @param iteration whether this was warm-up or measurement
   */
  @TearDown(Level.Iteration)
  public void account(IterationParams iteration) {
    cpu.account(process, iteration.getType() == IterationType.MEASUREMENT);
  }
}
