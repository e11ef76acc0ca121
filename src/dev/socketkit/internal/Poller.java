package dev.socketkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread that waits for readiness on behalf of virtual threads before Java 25, which
 * park instead of blocking a carrier thread in a selector of their own (from Java 25 on, {@link
 * Waiter} lets the JDK park them in {@code Selector.select}). Platform threads use {@link Waiter}'s
 * per-channel selector, which wakes the waiting thread directly and so costs no hand-off.
 */
final class Poller implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Poller.class);
  private static volatile Poller instance;
  private static final java.util.concurrent.atomic.AtomicInteger PARKED =
      new java.util.concurrent.atomic.AtomicInteger();

  private final Selector selector;

  private Poller(Selector selector) {
    this.selector = selector;
  }

  /** How many threads are parked waiting for the poller right now (for tests and diagnostics). */
  static int parked() {
    return PARKED.get();
  }

  private static Poller get() {
    Poller p = instance;
    if (p == null) {
      synchronized (Poller.class) {
        p = instance;
        if (p == null) {
          try {
            p = new Poller(Selector.open());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          Thread t = new Thread(p, "socketkit-poller");
          t.setDaemon(true);
          t.start();
          instance = p;
        }
      }
    }
    return p;
  }

  @Override
  public void run() {
    while (true) {
      try {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          ((Slot) key.attachment()).fire(key);
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        log.error("socketkit poller: selection failed; waiting threads fall back to their time-outs", e);
        LockSupport.parkNanos(10_000_000L); // do not spin on a persistent failure
      }
    }
  }

  /**
   * The poller's registration of one channel, shared by the thread waiting to read (or accept, or
   * connect) and the thread waiting to write.
   */
  static final class Slot {
    private final SelectableChannel channel;
    private SelectionKey key;
    private Thread inWaiter;
    private Thread outWaiter;
    private boolean inReady;
    private boolean outReady;
    private boolean inWoken;
    private boolean outWoken;
    private boolean closed;

    Slot(SelectableChannel channel) {
      this.channel = channel;
    }

    /**
     * Parks until {@code ops} is ready, {@link #wakeup()} or {@link #close()} is called, or {@code
     * nanos} pass.
     */
    void await(int ops, long nanos) throws IOException {
      boolean out = ops == SelectionKey.OP_WRITE;
      Poller poller = get();
      synchronized (this) {
        if (closed || consumeWakeup(out)) {
          return;
        }
        if (key == null) {
          key = channel.register(poller.selector, 0, this);
        }
        if (out) {
          outWaiter = Thread.currentThread();
          outReady = false;
        } else {
          inWaiter = Thread.currentThread();
          inReady = false;
        }
        try {
          key.interestOps(key.interestOps() | ops);
        } catch (CancelledKeyException e) {
          return; // the channel was closed; the caller finds out
        }
      }
      poller.selector.wakeup();
      long end = System.nanoTime() + nanos;
      PARKED.incrementAndGet();
      try {
        while (true) {
          synchronized (this) {
            if (closed || (out ? outReady : inReady) || consumeWakeup(out)) {
              return;
            }
          }
          if (nanos == Waiter.FOREVER) {
            LockSupport.park(this);
          } else {
            long left = end - System.nanoTime();
            if (left <= 0) {
              return;
            }
            LockSupport.parkNanos(this, left);
          }
        }
      } finally {
        PARKED.decrementAndGet();
        synchronized (this) {
          if (out) {
            outWaiter = null;
          } else {
            inWaiter = null;
          }
          if (key.isValid()) {
            try {
              key.interestOps(key.interestOps() & ~ops);
            } catch (CancelledKeyException ignored) {
              // closed meanwhile
            }
          }
        }
      }
    }

    private boolean consumeWakeup(boolean out) {
      boolean woken = out ? outWoken : inWoken;
      if (out) {
        outWoken = false;
      } else {
        inWoken = false;
      }
      return woken;
    }

    /** Makes the pending {@link #await} of each direction, or the next one, return at once. */
    synchronized void wakeup() {
      inWoken = true;
      outWoken = true;
      if (inWaiter != null) {
        LockSupport.unpark(inWaiter);
      }
      if (outWaiter != null) {
        LockSupport.unpark(outWaiter);
      }
    }

    /** Called by the poller thread when the channel is ready. */
    private synchronized void fire(SelectionKey k) {
      int ready;
      try {
        ready = k.readyOps();
        k.interestOps(k.interestOps() & ~ready);
      } catch (CancelledKeyException e) {
        ready = ~0;
      }
      if ((ready & SelectionKey.OP_WRITE) != 0 && outWaiter != null) {
        outReady = true;
        LockSupport.unpark(outWaiter);
      }
      if ((ready & ~SelectionKey.OP_WRITE) != 0 && inWaiter != null) {
        inReady = true;
        LockSupport.unpark(inWaiter);
      }
    }

    /**
     * Wakes both waiters for good and cancels the registration. Call {@link #released()} after
     * closing the channel: the JDK closes a registered channel's descriptor only when a selection
     * deregisters it.
     */
    void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        if (key != null) {
          key.cancel();
        }
        if (inWaiter != null) {
          LockSupport.unpark(inWaiter);
        }
        if (outWaiter != null) {
          LockSupport.unpark(outWaiter);
        }
      }
    }

    /**
     * The one close sequence of a channel and its slot: wakes the waiters, cancels the
     * registration, closes the channel, and lets the poller release its descriptor.
     */
    void closeWith(java.nio.channels.Channel channel) throws IOException {
      close();
      try {
        channel.close();
      } finally {
        released();
      }
    }

    /** Lets the poller deregister the closed channel now, so its descriptor is released. */
    private void released() {
      boolean registered;
      synchronized (this) {
        registered = key != null;
      }
      if (registered) {
        instance.selector.wakeup();
      }
    }
  }
}
