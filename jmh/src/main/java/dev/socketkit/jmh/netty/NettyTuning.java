package dev.socketkit.jmh.netty;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty as production deployments run it: leak detection off; the pooled allocator's
 * thread-local caches on for every thread (Netty gives them only to its own event-loop threads by
 * default; a JMH thread feeding a decoder stands in for one). The allocator is 4.2's default,
 * the adaptive pooling allocator. It enters a low-memory mode (one shared magazine, 2 MiB chunks)
 * when the heap limit is 512 MiB or less, as every benchmark server's is; forcing that mode on
 * or off ({@code -Dio.netty.allocator.lowMemory}) made no difference beyond noise to bulk or
 * 16-connection ping-pong, so it is left as Netty chooses. On JDK 25 and later Netty 4.2 turns its
 * use of {@code sun.misc.Unsafe} off by default ({@code io.netty.noUnsafe=true}), falling back to
 * slower {@code ByteBuffer} paths for direct memory; a user running Netty for speed turns it back
 * on, so this sets {@code io.netty.noUnsafe=false} (and {@link
 * dev.socketkit.jmh.server.ServerProcess} starts child servers with {@code
 * --sun-misc-unsafe-memory-access=allow} on JDK 23+, so the JDK does not warn). A property set on
 * the command line wins over both.
 */
public final class NettyTuning {
  private NettyTuning() {}

  /** Applies the settings; call before any Netty class that reads them is loaded. */
  public static void apply() {
    System.setProperty("io.netty.allocator.useCacheForAllThreads", "true");
    if (System.getProperty("io.netty.noUnsafe") == null) {
      System.setProperty("io.netty.noUnsafe", "false");
    }
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
  }
}
