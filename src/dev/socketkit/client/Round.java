package dev.socketkit.client;

import dev.socketkit.Connection;
import dev.socketkit.ConnectionOptions;
import dev.socketkit.TimedOutException;
import dev.socketkit.client.ConnectAttempt.Outcome;
import dev.socketkit.internal.Errors;
import dev.socketkit.internal.SocketTransport;
import dev.socketkit.internal.jfr.Jfr;
import dev.socketkit.internal.jfr.SocketkitEvents;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of a {@link Connector}'s attempts (RFC 8305 "Happy Eyeballs"): starts a connect to
 * the first address, then to the next one after the fallback delay or as soon as every started
 * one has failed; the first to connect wins and the others are closed. TCP connects race in one
 * selector on the calling thread; any other address (Unix-domain) is connected in place, since
 * its connect completes or fails at once.
 */
final class Round {
  private static final Logger LOG = LoggerFactory.getLogger(Connector.class);
  private static final long NONE = Long.MAX_VALUE;

  private final int round;
  private final List<SocketAddress> addresses;
  private final ConnectionOptions options;
  private final long delay;
  private final long callStart;
  private final long budget;
  private final Consumer<? super ConnectAttempt> listener;
  private final ConnectFailure failures;
  private final List<Attempt> pending = new ArrayList<>();
  private int lastStarted = -1;
  private boolean lastFailed;

  /** One address being tried: its socket while the connect is in progress. */
  private static final class Attempt {
    final int index;
    final SocketAddress address;
    final long started;
    final long limit;
    SocketChannel channel;
    Connection connection;
    SocketkitEvents.ConnectAttempt event;

    Attempt(int index, SocketAddress address, long started, long limit) {
      this.index = index;
      this.address = address;
      this.started = started;
      this.limit = limit;
    }
  }

  Round(int round, List<SocketAddress> addresses, Connector s, long callStart, long budget,
      ConnectFailure failures) {
    this.round = round;
    this.addresses = addresses;
    this.options = s.options;
    this.delay = s.fallbackDelay.toNanos();
    this.callStart = callStart;
    this.budget = budget;
    this.listener = s.listener;
    this.failures = failures;
  }

  /** Returns the winning connection, or null when every address failed (see the failures). */
  Connection run() throws IOException {
    Attempt winner;
    try (Selector selector = Selector.open()) {
      try {
        winner = race(selector);
      } finally {
        for (Attempt a : pending) {
          closeQuietly(a.channel);
          report(a, Outcome.CANCELLED, null);
        }
        pending.clear();
      }
    }
    if (winner == null) {
      return null;
    }
    if (winner.connection == null) {
      try {
        winner.channel.configureBlocking(true); // the selector is closed: no longer registered
        winner.connection = Connection.of(SocketTransport.of(winner.channel), options);
      } catch (IOException | RuntimeException e) {
        closeQuietly(winner.channel);
        report(winner, Outcome.CANCELLED, null);
        throw e;
      }
    }
    report(winner, Outcome.CONNECTED, null);
    Jfr.opened("client", winner.connection.localAddress(), winner.connection.remoteAddress(), null);
    return winner.connection;
  }

  private Attempt race(Selector selector) throws IOException {
    int next = 0;
    long lastStart = 0;
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("connect to " + failures.target() + ": interrupted in attempt " + round);
      }
      long now = System.nanoTime();
      boolean due = pending.isEmpty() || lastFailed || (delay > 0 && now - lastStart >= delay);
      if (next < addresses.size() && due) {
        long left = budget == NONE ? NONE : budget - (now - callStart);
        if (left <= 0) {
          next = addresses.size(); // the total time is used up: start nothing more
          continue;
        }
        lastStart = now;
        lastStarted = next;
        lastFailed = false;
        Attempt a = start(next++, selector, now, left);
        if (a != null) {
          return a;
        }
        continue;
      }
      if (pending.isEmpty()) {
        return null;
      }
      long wait = expire(now);
      if (pending.isEmpty()) {
        continue;
      }
      if (next < addresses.size() && delay > 0) {
        wait = Math.min(wait, lastStart + delay - now);
      }
      selector.select(wait == NONE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
      for (SelectionKey k : selector.selectedKeys()) {
        Attempt a = (Attempt) k.attachment();
        try {
          if (a.channel.finishConnect()) {
            pending.remove(a);
            return a;
          }
        } catch (IOException e) {
          pending.remove(a);
          closeQuietly(a.channel);
          failed(a, Errors.translate("connect", "to " + Errors.format(a.address), e));
        }
      }
      selector.selectedKeys().clear();
    }
  }

  /** Starts a connect; returns the attempt if it connected at once, else null. */
  private Attempt start(int index, Selector selector, long now, long left) throws IOException {
    SocketAddress address = addresses.get(index);
    long timeout = options.connectTimeout().isZero() ? NONE : options.connectTimeout().toNanos();
    Attempt a = new Attempt(index, address, now, Math.min(timeout, left));
    failures.started(address);
    report(a, Outcome.STARTED, null);
    if (!(address instanceof InetSocketAddress)) {
      try {
        a.connection = Connection.connect(address, within(a.limit));
        return a;
      } catch (IOException e) {
        failed(a, e);
        return null;
      }
    }
    try {
      a.channel = SocketChannel.open();
      a.channel.configureBlocking(false);
      if (a.channel.connect(address)) {
        return a;
      }
      a.channel.register(selector, SelectionKey.OP_CONNECT, a);
      pending.add(a);
      return null;
    } catch (IOException e) {
      closeQuietly(a.channel);
      failed(a, Errors.translate("connect", "to " + Errors.format(address), e));
      return null;
    } catch (RuntimeException e) {
      closeQuietly(a.channel);
      report(a, Outcome.CANCELLED, null);
      throw e;
    }
  }

  /** Fails the pending attempts whose time is up; returns the time until the next one is. */
  private long expire(long now) {
    long wait = NONE;
    for (Attempt a : List.copyOf(pending)) {
      if (a.limit == NONE) {
        continue;
      }
      long left = a.limit - (now - a.started);
      if (left <= 0) {
        pending.remove(a);
        closeQuietly(a.channel);
        Duration limit = Duration.ofNanos(a.limit);
        failed(a, new TimedOutException("connect to " + Errors.format(a.address) + ": timed out after "
            + limit, TimedOutException.Kind.CONNECT, limit));
      } else {
        wait = Math.min(wait, left);
      }
    }
    return wait;
  }

  private ConnectionOptions within(long nanos) {
    Duration limit = options.connectTimeout();
    if (nanos == NONE || (!limit.isZero() && limit.toNanos() <= nanos)) {
      return options;
    }
    return options.toBuilder().connectTimeout(Duration.ofNanos(Math.max(1, nanos))).build();
  }

  private void failed(Attempt a, IOException e) {
    failures.add(e);
    lastFailed |= a.index == lastStarted; // RFC 8305: the next starts as soon as the previous fails
    LOG.debug("attempt {} to {}: {}", round, Errors.format(a.address), e.toString());
    report(a, Outcome.FAILED, e);
  }

  private void report(Attempt a, Outcome outcome, IOException failure) {
    long now = System.nanoTime();
    Duration took = outcome == Outcome.STARTED ? Duration.ZERO : Duration.ofNanos(now - a.started);
    if (outcome == Outcome.STARTED) {
      a.event = Jfr.attemptStarted();
    } else {
      Jfr.attemptEnded(a.event, a.address, round, a.index, outcome.name(), failure);
    }
    if (listener == null) {
      return;
    }
    try {
      listener.accept(new ConnectAttempt(round, a.index, a.address, outcome, Duration.ofNanos(now - callStart),
          took, Optional.ofNullable(failure)));
    } catch (RuntimeException e) {
      LOG.warn("connect attempt listener failed on {} of {}", outcome, Errors.format(a.address), e);
    }
  }

  private static void closeQuietly(SocketChannel ch) {
    if (ch == null) {
      return;
    }
    try {
      ch.close();
    } catch (IOException e) {
      LOG.debug("closing an abandoned connect attempt failed", e);
    }
  }
}
