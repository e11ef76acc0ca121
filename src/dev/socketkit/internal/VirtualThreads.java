package dev.socketkit.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads on Java 21+, looked up reflectively once because the library is compiled for
 * Java 17. The only place that knows how.
 */
public final class VirtualThreads {
  private static final ThreadFactory FACTORY = lookUp();
  private static final MethodHandle IS_VIRTUAL = lookUpIsVirtual();

  /**
   * Whether a virtual thread waiting in {@link java.nio.channels.Selector#select} parks, letting
   * the JDK's own poller watch the selector, instead of holding its carrier thread: so on Java 25
   * and later (earlier releases are not relied on).
   */
  static final boolean SELECT_PARKS = Runtime.version().feature() >= 25;

  private VirtualThreads() {}

  /** Whether this JVM can start virtual threads. */
  public static boolean available() {
    return FACTORY != null;
  }

  /**
   * Returns an unstarted virtual thread with the given name.
   *
   * @throws UnsupportedOperationException if this JVM has no virtual threads
   */
  public static Thread newThread(String name, Runnable task) {
    if (FACTORY == null) {
      throw unavailable();
    }
    Thread t = FACTORY.newThread(task);
    t.setName(name);
    return t;
  }

  /** Whether the current thread is a virtual thread; always {@code false} before Java 21. */
  public static boolean currentThreadIsVirtual() {
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
    } catch (Throwable t) {
      return false;
    }
  }

  /** The error for a request of virtual threads where there are none. */
  public static UnsupportedOperationException unavailable() {
    return new UnsupportedOperationException("virtual threads need Java 21 or later (running: "
        + Runtime.version() + "); check Strategy.virtualThreadsAvailable() first");
  }

  /** The same error for callers outside the stream server, naming {@code check}, the method to ask first. */
  public static UnsupportedOperationException unavailable(String check) {
    return new UnsupportedOperationException("virtual threads need Java 21 or later (running: "
        + Runtime.version() + "); check " + check + " first");
  }

  private static MethodHandle lookUpIsVirtual() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }

  private static ThreadFactory lookUp() {
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
      return (ThreadFactory) factory.invoke(builder);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Java 17, or 19/20 without --enable-preview (ofVirtual throws UnsupportedOperationException).
      return null;
    }
  }
}
