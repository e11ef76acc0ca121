package dev.socketkit.internal;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The process-wide store of idle selectors that {@link Waiter}s borrow at their first wait and
 * give back on close, so a server that accepts and closes many connections does not open and close
 * a selector (an epoll instance and an eventfd, about eight system calls) for each connection that
 * waits. A selector is given back only once no channel is registered with it (its key cancelled
 * and deregistered by a {@code selectNow}, which also clears a pending wake-up), so an idle
 * selector keeps no socket's descriptor alive. At most {@link #CAPACITY} idle selectors are kept,
 * two descriptors each; a selector given back beyond that is closed.
 */
public final class SelectorPool {
  /** How many idle selectors are kept at most (two descriptors each). */
  public static final int CAPACITY = 64;
  private static final Consumer<SelectionKey> IGNORE = key -> { };
  private static final ArrayDeque<Selector> IDLE = new ArrayDeque<>(); // guarded by itself

  private SelectorPool() {}

  /** An idle selector with no channel registered, or a new one if none is idle. */
  static Selector take() throws IOException {
    synchronized (IDLE) {
      Selector s = IDLE.pollLast();
      if (s != null) {
        return s;
      }
    }
    return Selector.open();
  }

  /**
   * Cancels {@code key} (null if none), deregisters it and keeps {@code selector} for reuse if it
   * is then empty and fewer than {@link #CAPACITY} are idle; otherwise closes it. No thread may
   * be selecting in it.
   */
  static void give(Selector selector, SelectionKey key) {
    try {
      if (key != null) {
        key.cancel();
      }
      selector.selectNow(IGNORE); // deregisters cancelled keys: the channel's descriptor can close
      if (selector.keys().isEmpty()) {
        synchronized (IDLE) {
          if (IDLE.size() < CAPACITY) {
            IDLE.addLast(selector);
            return;
          }
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      LoggerFactory.getLogger(SelectorPool.class).debug("reusing a selector failed: {}", e.toString());
    }
    close(selector);
  }

  /** How many idle selectors the pool holds now. */
  public static int idle() {
    synchronized (IDLE) {
      return IDLE.size();
    }
  }

  /**
   * Closes every idle selector, releasing its descriptors (for leak checks in tests, and for
   * applications that want them back); returns how many channel keys those selectors still held,
   * which is zero unless a selector was given back with a channel registered.
   */
  public static int closeIdle() {
    int keys = 0;
    while (true) {
      Selector s;
      synchronized (IDLE) {
        s = IDLE.pollLast();
      }
      if (s == null) {
        return keys;
      }
      try {
        keys += s.keys().size();
      } catch (ClosedSelectorException e) {
        keys++; // a closed selector in the pool is a bug too
      }
      close(s);
    }
  }

  static void close(Selector s) {
    try {
      s.close();
    } catch (IOException e) {
      LoggerFactory.getLogger(SelectorPool.class).debug("closing a selector failed: {}", e.toString());
    }
  }
}
