package dev.socketkit.jmh.netty;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty as production deployments run it: leak detection off; the pooled allocator's
 * thread-local caches on for every thread (Netty gives them only to its own event-loop threads by
 * default; a JMH thread feeding a decoder stands in for one); and the adaptive allocator (4.2's
 * default) out of its low-memory mode, which it enters when the heap limit is 512 MiB or less (as
 * every benchmark server's is) although its buffers live off the heap: that mode shares one
 * magazine between all threads and caps chunks at 2 MiB.
 */
public final class NettyTuning {
  private NettyTuning() {}

  /** Applies the settings; call before any Netty buffer class is loaded. */
  public static void apply() {
    System.setProperty("io.netty.allocator.useCacheForAllThreads", "true");
    if (System.getProperty("io.netty.allocator.lowMemory") == null) {
      System.setProperty("io.netty.allocator.lowMemory", "false");
    }
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
  }
}
