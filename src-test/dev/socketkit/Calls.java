package dev.socketkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a blocking call on a thread of its own and tells whether it is blocked in a connection. */
final class Calls {
  static final Duration WAIT = Duration.ofSeconds(30);

  private Calls() {}

  /** A blocking call under test. */
  interface Body<T> {
    T run() throws Exception;
  }

  /** A call running on its own thread. */
  static final class Call<T> {
    final Thread thread;
    final CompletableFuture<T> result = new CompletableFuture<>();

    Call(String name, Body<T> body) {
      thread = new Thread(() -> {
        try {
          result.complete(body.run());
        } catch (Throwable e) {
          result.completeExceptionally(e);
        }
      }, name);
      thread.setDaemon(true);
      thread.start();
    }

    /** Asserts that the thread reaches a wait inside the connection's {@code op} ("read", "write"). */
    Call<T> assertBlockedIn(String op) {
      boolean blocked = Leaks.await(() -> isBlockedIn(thread, op), WAIT);
      assertThat(blocked).as("%s blocked in the connection's %s (done early: %s)", thread.getName(),
          op, result.isDone() ? describe() : "no").isTrue();
      assertThat(result).as("still running").isNotDone();
      return this;
    }

    /** The outcome, waiting at most {@link #WAIT}: the exception the call threw, or null. */
    Throwable failure() throws Exception {
      try {
        result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return null;
      } catch (java.util.concurrent.ExecutionException e) {
        return e.getCause();
      } finally {
        thread.join(WAIT.toMillis());
        assertThat(thread.isAlive()).as("call thread ended").isFalse();
      }
    }

    T value() throws Exception {
      try {
        return result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      } finally {
        thread.join(WAIT.toMillis());
      }
    }

    private String describe() {
      try {
        return String.valueOf(result.getNow(null));
      } catch (RuntimeException e) {
        return e.getCause().toString();
      }
    }
  }

  static <T> Call<T> start(String name, Body<T> body) {
    return new Call<>(name, body);
  }

  /**
   * Whether {@code t} is inside {@code TimedIo.<op>} (the connection's own read or write loop)
   * and waiting there: parked, or in a native call (a blocking read, a select).
   */
  static boolean isBlockedIn(Thread t, String op) {
    StackTraceElement[] st = t.getStackTrace();
    boolean inOurCall = Arrays.stream(st).anyMatch(f -> f.getClassName().equals("dev.socketkit.TimedIo")
        && f.getMethodName().toLowerCase(java.util.Locale.ROOT).contains(op));
    if (!inOurCall || st.length == 0) {
      return false;
    }
    Thread.State s = t.getState();
    return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING
        || (s == Thread.State.RUNNABLE && st[0].isNativeMethod());
  }
}
