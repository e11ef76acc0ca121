package dev.socketkit.internal;

/** Small thread utilities shared by the server and the client helpers. */
public final class Threads {
  private Threads() {}

  /**
   * Waits for {@code t} to end even if this thread is interrupted meanwhile, then restores the
   * interrupt. Only for threads that are already being stopped (their socket closed), so the wait
   * is short.
   */
  public static void joinUninterruptibly(Thread t) {
    boolean interrupted = Thread.interrupted();
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
