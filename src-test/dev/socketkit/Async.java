package dev.socketkit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs a test's blocking side task on a thread of its own. {@code Async.run(task)}
 * without an executor uses the common fork/join pool, which on a 2-core machine under JDK 25 has a
 * single worker: two blocking tasks (a test's server and {@link WarmUp}'s writer, say) then wait for
 * each other forever. A thread per task is what JDK 17 does there, and it cannot deadlock that way.
 */
public final class Async {
  private static final Executor THREAD_PER_TASK = task -> {
    Thread t = new Thread(task, "test-async");
    t.setDaemon(true);
    t.start();
  };

  private Async() {}

  /** Runs {@code task} on a new daemon thread; the future completes when it returns or throws. */
  public static CompletableFuture<Void> run(Runnable task) {
    return CompletableFuture.runAsync(task, THREAD_PER_TASK);
  }

  /** Runs {@code task} on a new daemon thread; the future completes with its result. */
  public static <T> CompletableFuture<T> supply(Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, THREAD_PER_TASK);
  }
}
