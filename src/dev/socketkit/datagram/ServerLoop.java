package dev.socketkit.datagram;

import dev.socketkit.SocketClosedException;
import dev.socketkit.internal.Errors;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every datagram strategy shares: the receive loop and its error policy, running the handler
 * on one datagram, and the books. A strategy only decides which thread calls {@link #handle}.
 */
final class ServerLoop {
  static final Logger LOG = LoggerFactory.getLogger(DatagramServer.class);
  private static final long FIRST_BACKOFF_MS = 5;
  private static final long MAX_BACKOFF_MS = 1000;

  /** A handler at work: its datagram, and whether shutdown has cut it off. */
  private static final class Running {
    final Datagram datagram;
    volatile boolean cutOff;

    Running(Datagram datagram) {
      this.datagram = datagram;
    }
  }

  final String name;
  final Counters counters = new Counters();
  final Crew crew = new Crew();
  private final DatagramHandler handler;
  private final DatagramServerEvents events;
  private final Map<Thread, Running> running = new ConcurrentHashMap<>();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile boolean cuttingOff;
  volatile DatagramEndpoint endpoint;

  ServerLoop(DatagramServerOptions options, DatagramHandler handler) {
    this.name = options.name();
    this.handler = handler;
    this.events = options.events();
  }

  boolean isStopping() {
    return stopping.getCount() == 0;
  }

  boolean isCuttingOff() {
    return cuttingOff;
  }

  /**
   * Receives until the server stops, handing each datagram to {@code dispatch}. Transient receive
   * errors back off (5 ms doubling to 1 s) and are logged; closing the socket or stopping ends
   * the loop at once.
   */
  void receive(Consumer<Datagram> dispatch) {
    long backoffMs = 0;
    while (!isStopping()) {
      Datagram d;
      try {
        d = endpoint.receive(Duration.ZERO);
        backoffMs = 0;
      } catch (DatagramTooLongException e) {
        arrived(e.length());
        drop(e.peer(), e.length(), DropReason.TOO_LONG);
        LOG.debug("{}: dropped: {}", name, e.getMessage());
        continue;
      } catch (IOException e) {
        if (e instanceof SocketClosedException || !endpoint.isOpen() || isStopping()) {
          return;
        }
        counters.receiveErrors.increment();
        backoffMs = backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        LOG.warn("{}: receive failed, retrying in {} ms: {}", name, backoffMs, e.toString());
        if (awaitStopping(backoffMs)) {
          return;
        }
        continue;
      }
      if (isStopping()) {
        if (!d.sender().equals(wakeTarget())) {
          arrived(d.length());
          drop(d.sender(), d.length(), DropReason.SHUTDOWN);
        }
        return;
      }
      arrived(d.length());
      dispatch.accept(d);
    }
  }

  private void arrived(int length) {
    counters.received.increment();
    counters.bytesIn.add(length);
  }

  private boolean awaitStopping(long ms) {
    try {
      return stopping.await(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Runs the handler on {@code d}, logging and counting a failure once. */
  void handle(Datagram d) {
    Thread me = Thread.currentThread();
    Running r = new Running(d);
    running.put(me, r);
    ReplySender replies = new ReplySender(d.sender());
    try {
      handler.handle(d, replies);
      if (!r.cutOff) {
        counters.handled.increment();
        handled(d, replies.count);
      }
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      if (r.cutOff) {
        LOG.info("{}: handler on {} cut off at shutdown: {}", name, d, e.toString());
      } else {
        counters.failed.increment();
        LOG.warn("{}: handler failed on {}", name, d, e);
      }
      failed(d, e);
    } finally {
      running.remove(me);
      if (r.cutOff) {
        counters.cutOff.increment();
      }
    }
  }

  /** Counts and reports a datagram that was received but not handled. */
  void drop(InetSocketAddress sender, int length, DropReason reason) {
    counters.dropped(reason);
    try {
      events.dropped(sender, length, reason);
    } catch (RuntimeException e) {
      LOG.warn("{}: events.dropped threw", name, e);
    }
  }

  private void handled(Datagram d, int replies) {
    try {
      events.handled(d, replies);
    } catch (RuntimeException e) {
      LOG.warn("{}: events.handled threw", name, e);
    }
  }

  private void failed(Datagram d, Throwable error) {
    try {
      events.failed(d, error);
    } catch (RuntimeException e) {
      LOG.warn("{}: events.failed threw", name, e);
    }
  }

  /** Stops the receive loop: sets the flag, then wakes the receiver with an empty datagram to itself. */
  void stop() {
    stopping.countDown();
    try {
      endpoint.send(new byte[0], wakeTarget());
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: could not wake the receiver ({}); closing the socket instead", name, e.toString());
      closeEndpoint();
    }
  }

  /** Where the wake-up datagram goes: the bound address, or loopback for a wildcard. */
  private InetSocketAddress wakeTarget() {
    InetSocketAddress local = endpoint.localAddress();
    InetAddress host = local.getAddress();
    if (host.isAnyLocalAddress()) {
      host = host instanceof Inet4Address ? InetAddress.getLoopbackAddress() : loopback6();
    }
    return new InetSocketAddress(host, local.getPort());
  }

  private static InetAddress loopback6() {
    try {
      return InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Marks every running handler as cut off and describes them: {@code thread (datagram)}. */
  List<String> cutOff() {
    cuttingOff = true;
    List<String> names = new ArrayList<>();
    running.forEach((t, r) -> {
      r.cutOff = true;
      names.add(t.getName() + " (" + r.datagram.length() + " bytes from "
          + Errors.format(r.datagram.sender()) + ")");
    });
    return names;
  }

  void closeEndpoint() {
    DatagramEndpoint e = endpoint;
    if (e == null) {
      return;
    }
    try {
      e.close();
    } catch (IOException ex) {
      LOG.warn("{}: closing {} failed", name, Errors.format(e.localAddress()), ex);
    }
  }

  /** Sends a handler's replies from the server's socket and counts them. */
  private final class ReplySender implements Replies {
    private final InetSocketAddress to;
    int count;

    ReplySender(InetSocketAddress to) {
      this.to = to;
    }

    @Override
    public InetSocketAddress to() {
      return to;
    }

    @Override
    public void send(byte[] payload) throws IOException {
      send(ByteBuffer.wrap(payload));
    }

    @Override
    public void send(ByteBuffer payload) throws IOException {
      int n = payload.remaining();
      endpoint.send(payload, to);
      count++;
      counters.replies.increment();
      counters.bytesOut.add(n);
    }
  }
}
