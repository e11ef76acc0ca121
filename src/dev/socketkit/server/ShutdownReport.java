package dev.socketkit.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a server's sessions ended, as its {@link Server#shutdown(Duration) shutdown} left them: how
 * many finished on their own over the server's whole life (the grace period included), which ones
 * were cut off at the end of the grace period, and how long the shutdown took.
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
   * Returns how many sessions ended on their own, however they ended (completed, failed, timed
   * out), from the start of the server until the end of the grace period, including sessions for
   * connections that were queued when the shutdown began: every session that was not {@linkplain
   * #cutOff() cut off}. A server that served three clients to the end reports 3.
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
  public long cutOff() {
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
