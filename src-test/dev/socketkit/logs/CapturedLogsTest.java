package dev.socketkit.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** The test log capture itself: what the other tests rely on to stay quiet and to assert. */
class CapturedLogsTest {
  private static final Logger LOG = LoggerFactory.getLogger(CapturedLogsTest.class);

  @Test
  void testsLogThroughTheCapturingProvider() {
    assertThat(LoggerFactory.getILoggerFactory().getClass().getName()).startsWith(CapturingProvider.class.getName());
  }

  @Test
  void aTestSeesWhatItsThreadsLoggedFormattedAndNothingFromEarlierTests() throws Exception {
    assertThat(CapturedLogs.events()).noneMatch(e -> e.message().contains("from another thread"));
    Thread other = new Thread(() -> LOG.warn("from another thread: {} of {}", 3, 512, new IllegalStateException("x")),
        "capture-test");
    other.start();
    other.join(10_000);
    LogEvent event = CapturedLogs.awaitEvent(Level.WARN, "from another thread", Duration.ofSeconds(10));
    assertThat(event.message()).isEqualTo("from another thread: 3 of 512");
    assertThat(event.thread()).isEqualTo("capture-test");
    assertThat(event.thrown()).hasMessage("x");
    assertThat(event.toString()).startsWith("WARN [capture-test] CapturedLogsTest - from another thread: 3 of 512")
        .contains("java.lang.IllegalStateException: x");
  }

  @Test
  void awaitingALineThatNeverComesFailsListingWhatWasLogged() {
    LOG.info("something else");
    assertThatThrownBy(() -> CapturedLogs.awaitEvent(Level.WARN, "never logged", Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("INFO [main] CapturedLogsTest - something else");
  }

  @Test
  void debugIsOffUnlessAsked() {
    assertThat(LOG.isDebugEnabled()).isEqualTo(CapturingProvider.THRESHOLD.toInt() <= Level.DEBUG.toInt());
    assertThat(LOG.isErrorEnabled()).isTrue();
  }
}
