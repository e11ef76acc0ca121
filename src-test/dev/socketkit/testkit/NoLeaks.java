package dev.socketkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketkit.Leaks;
import java.time.Duration;

/**
 * Descriptor check that tolerates the JVM's own short-lived descriptors (the test reporter opens
 * and closes files concurrently): passes as soon as the count is back to the baseline once (after
 * closing idle pooled selectors, as {@link Leaks#assertNoFdLeak} does).
 */
public final class NoLeaks {
  private NoLeaks() {}

  /** Asserts that within 10 s the open descriptor count returns to at most {@code before}. */
  public static void assertFdsSettle(int before) {
    if (before < 0) {
      return;
    }
    boolean settled = Leaks.await(() -> Leaks.closePooledSelectors() <= before, Duration.ofSeconds(10));
    assertThat(settled).as("open file descriptors back to %d: %s", before, Leaks.describeFds())
        .isTrue();
  }
}
