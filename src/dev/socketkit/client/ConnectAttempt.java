package dev.socketkit.client;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of one connect attempt made by a {@link Connector}, reported to the listener set with
 * {@link Connector.Builder#onAttempt}: each address tried reports {@link Outcome#STARTED} and
 * then exactly one of {@link Outcome#CONNECTED}, {@link Outcome#FAILED} or {@link
 * Outcome#CANCELLED}.
 *
 * @param round the round of attempts, from 1; the connector's back-off comes between rounds
 * @param index the position of the address in the round's ordered list, from 0
 * @param address the address tried
 * @param outcome what happened
 * @param elapsed the time from the start of {@link Connector#connect} to this report
 * @param duration the time this address has been tried so far; zero for {@code STARTED}
 * @param failure why it failed, for {@code FAILED} only
 */
public record ConnectAttempt(int round, int index, SocketAddress address, Outcome outcome,
    Duration elapsed, Duration duration, Optional<IOException> failure) {

  /** What happened to an attempt. */
  public enum Outcome {
    /** The connect to the address has begun. */
    STARTED,
    /** The connect succeeded and this connection is the one returned. */
    CONNECTED,
    /** The connect failed: refused, unreachable or timed out; {@link #failure()} says which. */
    FAILED,
    /** The connect was abandoned and its socket closed: another address won, or the round ended. */
    CANCELLED
  }

  /**
   * Creates a report, checking that only {@code FAILED} carries a failure.
   *
   * @param round the round of attempts, from 1
   * @param index the position of the address in the round, from 0
   * @param address the address tried
   * @param outcome what happened
   * @param elapsed the time from the start of the connect to this report
   * @param duration the time this address has been tried so far
   * @param failure why it failed, for {@code FAILED} only
   * @throws IllegalArgumentException if {@code failure} is present exactly when the outcome is not
   *     {@code FAILED}
   */
  public ConnectAttempt {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(failure, "failure");
    if (failure.isPresent() != (outcome == Outcome.FAILED)) {
      throw new IllegalArgumentException("failure: " + failure + " (expected: present only for FAILED, not " + outcome + ")");
    }
  }
}
