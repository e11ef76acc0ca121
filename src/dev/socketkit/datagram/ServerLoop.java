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
import java.util.Set;
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

  /**
   * A thread that runs the handler: the datagram it is on (null between datagrams), and whether
   * shutdown has cut it off. Kept per thread, not per datagram, so handling allocates nothing for it.
   */
  static final class Slot {
    final Thread thread = Thread.currentThread();
    volatile Datagram current;
    volatile boolean cutOff;
  }

  final String name;
  final Counters counters = new Counters();
  final Crew crew = new Crew();
  private final DatagramHandler handler;
  private final DatagramServerEvents events;
  private final Set<Slot> slots = ConcurrentHashMap.newKeySet();
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

  /** Registers the current thread as one that runs the handler; {@link #leave} when it ends. */
  Slot enter() {
    Slot s = new Slot();
    slots.add(s);
    return s;
  }

  void leave(Slot s) {
    slots.remove(s);
  }

  /** Runs the handler on {@code d} in the current thread's {@code slot}, logging and counting a failure once. */
  void handle(Datagram d, Slot slot) {
    slot.current = d;
    ReplySender replies = new ReplySender(d.sender());
    try {
      handler.handle(d, replies);
      if (!slot.cutOff) {
        counters.handled.increment();
        handled(d, replies.count);
      }
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      if (slot.cutOff) {
        LOG.info("{}: handler on {} cut off at shutdown: {}", name, d, e.toString());
      } else {
        counters.failed.increment();
        LOG.warn("{}: handler failed on {}", name, d, e);
      }
      failed(d, e);
    } finally {
      slot.current = null;
      if (slot.cutOff) {
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
      host = loopback(host instanceof Inet4Address);
    }
    return new InetSocketAddress(host, local.getPort());
  }

  private static InetAddress loopback(boolean ipv4) {
    try {
      return InetAddress.getByAddress(ipv4 ? new byte[] {127, 0, 0, 1}
          : new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e); // only for a wrong length
    }
  }

  /** Marks every running handler as cut off and describes them: {@code thread (datagram)}. */
  List<String> cutOff() {
    cuttingOff = true;
    List<String> names = new ArrayList<>();
    for (Slot s : slots) {
      Datagram d = s.current;
      if (d != null) {
        s.cutOff = true;
        names.add(s.thread.getName() + " (" + d.length() + " bytes from " + Errors.format(d.sender()) + ")");
      }
    }
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
