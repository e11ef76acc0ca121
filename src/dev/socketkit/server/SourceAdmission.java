package dev.socketkit.server;

import java.net.SocketAddress;
import java.util.Optional;

/**
 * One server's per-source admission, built from its {@link SourceLimits}: the accept-rate bucket
 * first (every accepted connection spends a token, so a flood is counted even when refused), then
 * the count of live connections. An admitted connection holds a lease that its {@link Admission}
 * gives back once, when it exits.
 */
final class SourceAdmission {
  /** What {@link #admit} decided: a lease to hold, or the reason and policy of the refusal. */
  static final class Verdict {
    final PerSourceConnections.Lease lease;
    final RejectReason reason;
    final Overflow how;

    private Verdict(PerSourceConnections.Lease lease, RejectReason reason, Overflow how) {
      this.lease = lease;
      this.reason = reason;
      this.how = how;
    }
  }

  static final PerSourceConnections.Lease NO_LEASE = () -> { };
  private static final Verdict ADMITTED_UNCOUNTED = new Verdict(NO_LEASE, null, null);

  private final AcceptRate rate;
  private final PerSourceConnections live;
  private final Overflow overflow;

  SourceAdmission(SourceLimits limits) {
    SourceGrouping grouping = new SourceGrouping(limits.ipv4Prefix(), limits.ipv6Prefix());
    this.rate = limits.acceptRate() == 0 ? null
        : new AcceptRate(limits.acceptRate(), limits.burst(), limits.maxSources(), grouping, System::nanoTime);
    this.live = limits.maxConnections() == 0 ? null : new PerSourceConnections(limits.maxConnections(), grouping);
    this.overflow = limits.overflow();
  }

  Verdict admit(SocketAddress remote) {
    if (rate != null && !rate.tryAccept(remote)) {
      return new Verdict(null, RejectReason.SOURCE_ACCEPT_RATE, Overflow.CLOSE);
    }
    if (live == null) {
      return ADMITTED_UNCOUNTED;
    }
    Optional<PerSourceConnections.Lease> lease = live.tryAcquire(remote);
    return lease.isPresent() ? new Verdict(lease.get(), null, null)
        : new Verdict(null, RejectReason.SOURCE_MAX_CONNECTIONS, overflow);
  }
}
