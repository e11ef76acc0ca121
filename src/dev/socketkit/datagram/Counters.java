package dev.socketkit.datagram;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link DatagramServerStats}. */
final class Counters {
  final LongAdder received = new LongAdder();
  final LongAdder handled = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder cutOff = new LongAdder();
  final LongAdder replies = new LongAdder();
  final LongAdder receiveErrors = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

  Counters() {
    for (DropReason r : DropReason.values()) {
      dropped.put(r, new LongAdder());
    }
  }

  void dropped(DropReason reason) {
    dropped.get(reason).increment();
  }

  /** Datagrams that reached the handler and are done with. */
  long finished() {
    return handled.sum() + failed.sum() + cutOff.sum();
  }

  DatagramServerStats snapshot() {
    Map<DropReason, Long> d = new EnumMap<>(DropReason.class);
    dropped.forEach((r, n) -> d.put(r, n.sum()));
    return new DatagramServerStats(received.sum(), handled.sum(), failed.sum(), cutOff.sum(), d,
        replies.sum(), receiveErrors.sum(), bytesIn.sum(), bytesOut.sum());
  }
}
