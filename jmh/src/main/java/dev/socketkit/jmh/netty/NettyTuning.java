package dev.socketkit.jmh.netty;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty as production deployments run it: leak detection off, and the pooled allocator's
 * thread-local caches on for every thread (Netty gives them only to its own event-loop threads by
 * default; a JMH thread feeding a decoder stands in for one).
 */
public final class NettyTuning {
  private NettyTuning() {}

  /** Applies the settings; call before any Netty buffer class is loaded. */
  public static void apply() {
    System.setProperty("io.netty.allocator.useCacheForAllThreads", "true");
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
  }
}
