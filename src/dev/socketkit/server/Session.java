package dev.socketkit.server;

import dev.socketkit.Connection;
import java.net.SocketAddress;
import java.time.Instant;

/** One connection being served: what the registry of live sessions holds. */
final class Session implements SessionInfo {
  final String id;
  final Connection connection;
  final Thread thread;
  private final Instant startedAt = Instant.now();
  volatile boolean cutOff;

  Session(String id, Connection connection, Thread thread) {
    this.id = id;
    this.connection = connection;
    this.thread = thread;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public SocketAddress remoteAddress() {
    return connection.remoteAddress();
  }

  @Override
  public SocketAddress localAddress() {
    return connection.localAddress();
  }

  @Override
  public Instant startedAt() {
    return startedAt;
  }

  @Override
  public long bytesIn() {
    return connection.bytesRead();
  }

  @Override
  public long bytesOut() {
    return connection.bytesWritten();
  }

  @Override
  public String toString() {
    return id + "(" + ServerCore.describe(this) + ")";
  }
}
