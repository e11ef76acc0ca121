package dev.socketkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Strategy#named(String)}: each name, its defaults, its numbers, and what it refuses. */
class StrategyNamesTest {
  @Test
  void theListNamesEveryStrategyOnceInTheDocumentedOrder() {
    assertThat(Strategy.names()).containsExactly("iterative", "thread", "pooled", "prestarted-accept",
        "prestarted-handoff", "elastic-accept", "elastic-handoff", "reuseport", "virtual");
    assertThatThrownBy(() -> Strategy.names().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void bareNamesTakeTheDocumentedDefaults() {
    assertThat(Strategy.named("iterative")).isEqualTo(Strategy.iterative());
    assertThat(Strategy.named("thread")).isEqualTo(Strategy.threadPerConnection());
    assertThat(Strategy.named("pooled")).isEqualTo(Strategy.pooled(4, 16, Overflow.WAIT));
    assertThat(Strategy.named("prestarted-accept")).isEqualTo(Strategy.prestartedAccept(4));
    assertThat(Strategy.named("prestarted-handoff")).isEqualTo(Strategy.prestartedHandoff(4));
    assertThat(Strategy.named("elastic-accept"))
        .isEqualTo(Strategy.prestartedAccept(1).withSpareHandlers(1, 2, 8));
    assertThat(Strategy.named("elastic-handoff"))
        .isEqualTo(Strategy.prestartedHandoff(1).withSpareHandlers(1, 2, 8));
    assertThat(Strategy.named("reuseport")).isEqualTo(Strategy.reusePort(2, 4));
    if (Strategy.virtualThreadsAvailable()) {
      assertThat(Strategy.named("virtual")).isEqualTo(Strategy.virtualThreads());
    } else {
      assertThatThrownBy(() -> Strategy.named("virtual")).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void numbersAfterColonsReplaceTheDefaultsInOrder() {
    assertThat(Strategy.named("pooled:32")).isEqualTo(Strategy.pooled(32, 16, Overflow.WAIT));
    assertThat(Strategy.named("pooled:32:20000")).isEqualTo(Strategy.pooled(32, 20_000, Overflow.WAIT));
    assertThat(Strategy.named("prestarted-accept:32")).isEqualTo(Strategy.prestartedAccept(32));
    assertThat(Strategy.named("elastic-handoff:2:1:4:16"))
        .isEqualTo(Strategy.prestartedHandoff(2).withSpareHandlers(1, 4, 16));
    assertThat(Strategy.named("elastic-accept:2:0")).isEqualTo(Strategy.prestartedAccept(2).withSpareHandlers(0, 2, 8));
    assertThat(Strategy.named("reuseport:2:16")).isEqualTo(Strategy.reusePort(2, 16));
    if (Strategy.virtualThreadsAvailable()) {
      assertThat(Strategy.named("virtual:16")).isEqualTo(Strategy.virtualThreads(16));
    }
  }

  @Test
  void badSpecsAreRefusedQuotingTheSpecAndWhatWasExpected() {
    assertThatThrownBy(() -> Strategy.named("poled"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("strategy: \"poled\" (expected: a name of [iterative, thread, pooled,");
    assertThatThrownBy(() -> Strategy.named(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("strategy: \"\"");
    assertThatThrownBy(() -> Strategy.named("thread:4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("strategy: \"thread:4\" (expected: thread)");
    assertThatThrownBy(() -> Strategy.named("pooled:4:16:2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("strategy: \"pooled:4:16:2\" (expected: pooled[:workers[:queueCapacity]])");
    assertThatThrownBy(() -> Strategy.named("pooled:four"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("strategy: \"pooled:four\": workers \"four\" is not a whole number"
            + " (expected: pooled[:workers[:queueCapacity]])");
    assertThatThrownBy(() -> Strategy.named("pooled:"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers \"\" is not a whole number");
    assertThatThrownBy(() -> Strategy.named("prestarted-accept:0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("strategy: \"prestarted-accept:0\": handlers: 0 (expected: 1 to 10000)");
    assertThatThrownBy(() -> Strategy.named("elastic-accept:9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("strategy: \"elastic-accept:9\": maxHandlers: 8 (expected: 9 to 10000)");
    assertThatThrownBy(() -> Strategy.named(null)).isInstanceOf(NullPointerException.class);
  }
}
