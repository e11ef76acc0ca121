package dev.socketkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketkit.internal.SelectorPool;
import java.io.File;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Checks that tests leave no descriptor and no thread behind. */
public final class Leaks {
  static {
    WarmUp.run();
  }

  private Leaks() {}

  /** Returns the number of open file descriptors of this process (Linux), or -1 if unknown. */
  public static int openFds() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  /**
   * Waits (bounded) until the descriptor count is at most {@code before}, then asserts it. Idle
   * pooled selectors (bounded, see {@link #closePooledSelectors()}) are closed first.
   */
  public static void assertNoFdLeak(int before) {
    if (before < 0) {
      return;
    }
    boolean settled = await(() -> closePooledSelectors() <= before, Duration.ofSeconds(10));
    if (!settled) {
      throw new AssertionError("open file descriptors: " + openFds() + " (before: " + before
          + "), still after 10 s: " + describeFds());
    }
  }

  /**
   * Closes the idle selectors of {@link SelectorPool} (at most {@link SelectorPool#CAPACITY}, kept
   * for reuse by design, not leaked) and returns the open descriptor count after that. Fails if
   * an idle selector still had a channel registered: that would keep the socket's descriptor
   * open, which is a leak. Selectors held by connections still open are not touched.
   */
  public static int closePooledSelectors() {
    assertThat(SelectorPool.closeIdle()).as("channels still registered with idle pooled selectors")
        .isZero();
    return openFds();
  }

  /** Lists the open descriptors and what they point at, for failure messages. */
  public static String describeFds() {
    String[] fds = new File("/proc/self/fd").list();
    if (fds == null) {
      return "?";
    }
    StringBuilder sb = new StringBuilder();
    for (String fd : fds) {
      try {
        sb.append(fd).append("=").append(java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd", fd))).append(' ');
      } catch (java.io.IOException e) {
        sb.append(fd).append("=? ");
      }
    }
    return sb.toString();
  }

  /** Returns the names of live threads whose names start with {@code prefix}. */
  public static Set<String> liveThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(prefix))
        .collect(Collectors.toSet());
  }

  /** Waits until {@code condition} holds or {@code limit} passes; returns whether it held. */
  public static boolean await(BooleanSupplier condition, Duration limit) {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L); // poll the condition
    }
    return true;
  }
}
