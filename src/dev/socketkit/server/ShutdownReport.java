package dev.socketkit.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Server#shutdown(Duration) shutdown} did: how many sessions finished on their own
 * within the grace period, which ones were cut off, and how long it took.
 */
public final class ShutdownReport {
  private final long finished;
  private final List<String> cutOff;
  private final Duration elapsed;

  ShutdownReport(long finished, List<String> cutOff, Duration elapsed) {
    this.finished = finished;
    this.cutOff = List.copyOf(cutOff);
    this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
  }

  /**
   * Returns how many sessions ended on their own between the start of the shutdown and the end of
   * the grace period, including sessions for connections that were queued when it began.
   *
   * @return the number of finished sessions
   */
  public long finished() {
    return finished;
  }

  /**
   * Returns how many sessions were still running at the end of the grace period and were
   * interrupted and closed.
   *
   * @return the number of sessions cut off
   */
  public int cutOff() {
    return cutOff.size();
  }

  /**
   * Returns the ids of the sessions that were cut off, such as {@code echo-17}.
   *
   * @return an unmodifiable list of session ids
   */
  public List<String> cutOffSessions() {
    return cutOff;
  }

  /**
   * Returns how long the shutdown took, from its start until the last server thread ended.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    return elapsed;
  }

  @Override
  public String toString() {
    return "ShutdownReport{finished=" + finished + ", cutOff=" + cutOff + ", elapsed=" + elapsed + "}";
  }
}
