package dev.socketkit.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Waits, with a time-out, until a non-blocking channel is ready for one kind of operation. A
 * thread waits in a selector of this waiter's own, opened on first use and kept, so a channel that
 * never has to wait costs no descriptor. A virtual thread does the same from Java 25 on, where the
 * JDK parks it while its own poller watches the selector; before, it parks while the shared
 * {@link Poller} waits for it. Either way it never holds a carrier thread. {@link #wakeup()} makes the
 * pending wait, or the next one, return; {@link #close()} wakes a waiting thread, which then sees
 * {@link ClosedSelectorException} or returns and finds its owner closed.
 */
final class Waiter implements Closeable {
  static final long FOREVER = Long.MAX_VALUE;
  private static final Consumer<SelectionKey> IGNORE = key -> { };

  private final SelectableChannel channel;
  private final int ops;
  private final Poller.Slot slot;
  private Selector selector;
  private boolean closed;
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
    if (!VirtualThreads.SELECT_PARKS && VirtualThreads.currentThreadIsVirtual()) {
      synchronized (this) {
        if (closed) {
          throw new ClosedSelectorException();
        }
      }
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

  /** Makes the pending {@link #await} of a platform thread, or the next one, return at once. */
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
