package dev.socketkit.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Waits, with a time-out, until a non-blocking channel is ready for one kind of operation. A
 * thread waits in a selector of this waiter's own, opened on first use and kept, so a channel that
 * never has to wait costs no descriptor. A virtual thread does the same from Java 25 on, where the
 * JDK parks it while its own poller watches the selector, up to a number of such selectors;
 * before Java 25, or past that number, it parks while the shared {@link Poller} waits for it.
 * Either way it never holds a carrier thread. {@link #wakeup()} makes the pending wait, or the
 * next one, return; {@link #close()} wakes a waiting thread, which then sees {@link
 * ClosedSelectorException} or returns and finds its owner closed.
 */
final class Waiter implements Closeable {
  static final long FOREVER = Long.MAX_VALUE;
  private static final Consumer<SelectionKey> IGNORE = key -> { };
  private static final AtomicInteger VIRTUAL_SELECTORS = new AtomicInteger();
  /** How many waiters may hold a selector for virtual threads at once (tests lower it). */
  static int virtualSelectorLimit = 1024;

  private final SelectableChannel channel;
  private final int ops;
  private final Poller.Slot slot;
  private Selector selector;
  private boolean closed;
  private boolean countedVirtual; // holds one of the selectors counted in VIRTUAL_SELECTORS
  private boolean woken;

  /**
   * Creates a waiter for {@code ops} on {@code channel}; virtual threads wait through {@code slot},
   * which the channel's waiters share and its owner closes.
   */
  Waiter(SelectableChannel channel, int ops, Poller.Slot slot) {
    this.channel = channel;
    this.ops = ops;
    this.slot = slot;
  }

  /**
   * Whether a virtual thread may wait in this waiter's selector: from Java 25 on, while fewer than
   * {@link #virtualSelectorLimit} waiters hold one for virtual threads (each costs two descriptors
   * and a native event array), so that many idle virtual-thread connections fall back to the
   * shared poller. Throws if closed.
   */
  private synchronized boolean selectorForVirtualThread() {
    if (closed) {
      throw new ClosedSelectorException();
    }
    if (selector != null || countedVirtual) {
      return true;
    }
    if (!VirtualThreads.SELECT_PARKS) {
      return false;
    }
    int n;
    do {
      n = VIRTUAL_SELECTORS.get();
      if (n >= virtualSelectorLimit) {
        return false;
      }
    } while (!VIRTUAL_SELECTORS.compareAndSet(n, n + 1));
    countedVirtual = true;
    return true;
  }

  /** The selector to wait in, or null if a wake-up is pending (which this consumes). */
  private synchronized Selector selector() throws IOException {
    if (closed) {
      throw new ClosedSelectorException();
    }
    if (woken) {
      woken = false;
      return null;
    }
    if (selector == null) {
      Selector s = Selector.open();
      try {
        channel.register(s, ops);
      } catch (IOException | RuntimeException e) {
        s.close();
        throw e;
      }
      selector = s;
    }
    return selector;
  }

  /** Waits until ready, woken, or {@code nanos} have passed ({@link #FOREVER} for no limit). */
  void await(long nanos) throws IOException {
    if (VirtualThreads.currentThreadIsVirtual() && !selectorForVirtualThread()) {
      slot.await(ops, nanos);
      return;
    }
    Selector s = selector();
    if (s == null) {
      return;
    }
    // The action form keeps the selected-key set empty: nothing to add, nothing to clear.
    s.select(IGNORE, nanos == FOREVER ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
    synchronized (this) {
      woken = false; // a wake-up that arrived during the wait woke it (the selector's is sticky)
    }
  }

  /** Makes the pending selector {@link #await}, or the next one, return at once. */
  void wakeup() {
    Selector s;
    synchronized (this) {
      woken = true;
      s = selector;
    }
    if (s != null) {
      s.wakeup();
    }
  }

  /** Wakes any waiter; a further {@link #await} throws {@link ClosedSelectorException}. */
  @Override
  public void close() {
    Selector s;
    synchronized (this) {
      closed = true;
      s = selector;
      selector = null;
      if (countedVirtual) {
        countedVirtual = false;
        VIRTUAL_SELECTORS.decrementAndGet();
      }
    }
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        LoggerFactory.getLogger(Waiter.class).debug("closing a selector failed: {}", e.toString());
      }
    }
  }
}
