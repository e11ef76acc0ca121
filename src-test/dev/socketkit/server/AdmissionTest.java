package dev.socketkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketkit.testkit.ConnectionPair;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An admission has exactly two exits, each safe to call twice, and releases its permit once. */
class AdmissionTest {
  private final AtomicInteger handled = new AtomicInteger();
  private final ServerCore core = new ServerCore(
      ServerOptions.builder().name("admission").maxConnections(1, Overflow.CLOSE).build(),
      c -> handled.incrementAndGet());

  private Permits permits() throws ReflectiveOperationException {
    Field f = ServerCore.class.getDeclaredField("permits");
    f.setAccessible(true);
    return (Permits) f.get(core);
  }

  @Test
  void rejectRunsOnceClosesTheConnectionAndLaterExitsDoNothing() throws Exception {
    try (ConnectionPair pair = ConnectionPair.inMemory()) {
      Permits permits = permits();
      assertThat(permits.tryAcquire()).isTrue();
      Admission a = new Admission(core, pair.server(), true);
      a.reject(RejectReason.QUEUE_FULL, Overflow.CLOSE);
      a.reject(RejectReason.QUEUE_FULL, Overflow.CLOSE);
      a.serve();
      assertThat(handled).hasValue(0);
      assertThat(core.counters.rejected.get(RejectReason.QUEUE_FULL).sum()).isEqualTo(1);
      assertThat(pair.server().isOpen()).isFalse();
      assertThat(permits.tryAcquire()).as("the permit came back, once").isTrue();
      assertThat(permits.tryAcquire()).as("and only once").isFalse();
    }
  }

  @Test
  void serveRunsTheHandlerOnceAndReleasesThePermitOnce() throws Exception {
    try (ConnectionPair pair = ConnectionPair.inMemory()) {
      Permits permits = permits();
      assertThat(permits.tryAcquire()).isTrue();
      Admission a = new Admission(core, pair.server(), true);
      a.serve();
      a.serve();
      a.reject(RejectReason.SHUTDOWN, Overflow.CLOSE);
      assertThat(handled).hasValue(1);
      assertThat(core.counters.completed.sum()).isEqualTo(1);
      assertThat(core.counters.rejected.get(RejectReason.SHUTDOWN).sum()).isZero();
      assertThat(pair.server().isOpen()).as("a served connection is closed after its session").isFalse();
      assertThat(permits.tryAcquire()).isTrue();
      assertThat(permits.tryAcquire()).isFalse();
    }
  }
}
