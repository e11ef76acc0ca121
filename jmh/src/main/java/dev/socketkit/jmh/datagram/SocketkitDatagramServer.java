package dev.socketkit.jmh.datagram;

import dev.socketkit.datagram.DatagramHandler;
import dev.socketkit.datagram.DatagramServer;
import dev.socketkit.datagram.DatagramServerOptions;
import dev.socketkit.datagram.DatagramStrategy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/** The socketkit datagram server under one of its strategies, speaking {@link DatagramWire}. */
final class SocketkitDatagramServer implements DatagramWire.Peer {
  private final LongAdder counted = new LongAdder();
  private final DatagramServer server;

  SocketkitDatagramServer(InetSocketAddress at, DatagramStrategy strategy) throws IOException {
    DatagramHandler handler = (d, replies) -> {
      byte[] p = d.payload();
      if (p[0] == DatagramWire.ECHO) {
        replies.send(p);
      } else if (p[0] == DatagramWire.COUNT) {
        counted.increment();
      } else if (p[0] == DatagramWire.SYNC) {
        replies.send(ByteBuffer.allocate(8).putLong(0, counted.sum()));
      }
    };
    DatagramServerOptions options = DatagramServerOptions.builder().name("bench-udp")
        .receiveBufferBytes(DatagramWire.RECEIVE_BUFFER).build();
    server = DatagramServer.of(at, strategy, options, handler).start();
  }

  /** Returns the strategy named {@code name}: {@code iterative}, {@code pooled} or {@code virtual}. */
  static DatagramStrategy strategy(String name) {
    switch (name) {
      case "iterative":
        return DatagramStrategy.iterative();
      case "pooled":
        return DatagramStrategy.pooled(2, 1024);
      case "virtual":
        return DatagramStrategy.virtualThreads(); // Java 21+; says so on 17
      default:
        throw new IllegalArgumentException("server " + name
            + " (expected: iterative, pooled, virtual, raw-jdk or netty)");
    }
  }

  @Override
  public InetSocketAddress address() {
    return server.localAddress();
  }

  @Override
  public long counted() {
    return counted.sum();
  }

  @Override
  public void close() {
    System.out.println(server.stats() + " " + server.shutdown(Duration.ofSeconds(5)));
  }
}
