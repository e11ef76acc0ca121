package dev.socketkit.server;

import dev.socketkit.internal.Checks;

/**
 * When an elastic pre-started strategy adds and retires handlers: a handler is added while fewer
 * than {@code minSpare} are idle, up to {@code maxHandlers} in all, and a handler ends after a
 * session when {@code maxSpare} others are idle (Apache httpd prefork's
 * MinSpareServers/MaxSpareServers). {@link #FIXED} keeps the starting number for good.
 *
 * @param minSpare the fewest idle handlers to keep, 0 to 10000
 * @param maxSpare the most idle handlers to keep, at least 1 and at least {@code minSpare}, or 0
 *     in {@link #FIXED}
 * @param maxHandlers the most handlers, at least {@code maxSpare}, at most 10000, or 0 in {@link
 *     #FIXED}
 */
public record SpareHandlers(int minSpare, int maxSpare, int maxHandlers) {
  /** Never adds or retires a handler: the strategy keeps the number it starts with. */
  public static final SpareHandlers FIXED = new SpareHandlers(0, 0, 0);

  /**
   * Checks the numbers; all three zero is {@link #FIXED}.
   *
   * @param minSpare see the record component
   * @param maxSpare see the record component
   * @param maxHandlers see the record component
   * @throws IllegalArgumentException if a number is out of range or inconsistent
   */
  public SpareHandlers {
    if (minSpare != 0 || maxSpare != 0 || maxHandlers != 0) {
      Checks.inRange("minSpare", minSpare, 0, 10_000);
      Checks.inRange("maxSpare", maxSpare, Math.max(1, minSpare), 10_000);
      Checks.inRange("maxHandlers", maxHandlers, maxSpare, 10_000);
    }
  }

  /** Checks a starting number of handlers against these spares. */
  static void check(int handlers, SpareHandlers spares) {
    Checks.inRange("handlers", handlers, 1, 10_000);
    if (!spares.equals(FIXED)) {
      Checks.inRange("maxHandlers", spares.maxHandlers, handlers, 10_000);
    }
  }

  /** The live books of one group of handlers that starts with {@code handlers}. */
  Spares books(int handlers) {
    return equals(FIXED) ? new Spares(handlers, 0, 0, handlers)
        : new Spares(handlers, minSpare, maxSpare, maxHandlers);
  }
}
