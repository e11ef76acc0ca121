package dev.socketkit.internal;

import java.time.Duration;
import java.util.Objects;

/** The one place that validates arguments and converts durations; messages name the argument. */
public final class Checks {
  /** What a wait without a limit is given, in nanoseconds. */
  public static final long FOREVER = Long.MAX_VALUE;

  private Checks() {}

  /** Returns {@code d} if it is not negative; zero is "no limit" wherever a duration is a limit. */
  public static Duration notNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + ": " + d + " (expected: >= 0)");
    }
    return d;
  }

  /** Returns {@code value} if it lies in {@code [min, max]}. */
  public static int inRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + " to " + max + ")");
    }
    return value;
  }

  /** Returns {@code value} if it is at least {@code min}. */
  public static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ")");
    }
    return value;
  }

  /** Returns {@code value} if it is not negative. */
  public static long notNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
    }
    return value;
  }

  /** A limit in nanoseconds: {@link #FOREVER} for zero, else capped far from overflow. */
  public static long limitNanos(Duration d) {
    return d.isZero() ? FOREVER : nanos(d);
  }

  /** {@code d} in nanoseconds, capped far from overflow. */
  public static long nanos(Duration d) {
    try {
      return Math.min(d.toNanos(), FOREVER / 4);
    } catch (ArithmeticException e) {
      return FOREVER / 4;
    }
  }

  /** Sets {@code option} to {@code value} in an options builder's map; {@code null} removes it. */
  public static <T> void putOption(java.util.Map<java.net.SocketOption<?>, Object> options,
      java.net.SocketOption<T> option, T value) {
    Objects.requireNonNull(option, "option");
    if (value == null) {
      options.remove(option);
    } else {
      options.put(option, value);
    }
  }

  /** The platform's largest listen backlog: {@code somaxconn} on Linux, else 128 (as Netty reads it). */
  public static int maxBacklog() {
    return MaxBacklog.VALUE;
  }

  private static final class MaxBacklog {
    static final int VALUE = read();

    private static int read() {
      java.nio.file.Path p = java.nio.file.Path.of("/proc/sys/net/core/somaxconn");
      try {
        int n = Integer.parseInt(java.nio.file.Files.readString(p).trim());
        return n > 0 ? n : 128;
      } catch (java.io.IOException | RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Checks.class).debug("no {}, backlog 128: {}", p, e.toString());
        return 128;
      }
    }
  }

  /** Nanoseconds left of {@code limit} (from {@link #limitNanos}) since {@code start}. */
  public static long left(long limit, long start) {
    return limit == FOREVER ? FOREVER : limit - (System.nanoTime() - start);
  }
}
