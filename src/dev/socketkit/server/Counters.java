package dev.socketkit.server;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link ServerStats}. */
final class Counters {
  final LongAdder accepted = new LongAdder();
  final AtomicInteger active = new AtomicInteger();
  final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
  final LongAdder completed = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder timedOut = new LongAdder();
  final LongAdder cutOff = new LongAdder();
  final LongAdder acceptErrors = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();

  Counters() {
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r, new LongAdder());
    }
  }

  /** Sessions that have ended, however they ended. */
  long ended() {
    return completed.sum() + failed.sum() + timedOut.sum() + cutOff.sum();
  }

  /** A session has ended: it is no longer active, and its byte counts join the totals. */
  void sessionEnded(long in, long out) {
    bytesIn.add(in);
    bytesOut.add(out);
    active.decrementAndGet();
  }

  /** The counters, with the bytes of the sessions still running added and {@code s}'s figures. */
  ServerStats snapshot(long liveIn, long liveOut, Starvation s) {
    Map<RejectReason, Long> r = new EnumMap<>(RejectReason.class);
    rejected.forEach((reason, n) -> r.put(reason, n.sum()));
    return new ServerStats(accepted.sum(), active.get(), r, completed.sum(), failed.sum(),
        timedOut.sum(), cutOff.sum(), acceptErrors.sum(), bytesIn.sum() + liveIn,
        bytesOut.sum() + liveOut, s.starved.sum(), s.waited.sum(), s.queued.getAsInt());
  }
}
