package dev.socketkit.internal;

import dev.socketkit.Connection;
import dev.socketkit.ConnectionOptions;
import java.io.IOException;
import java.net.SocketAddress;

/** A {@link Connection} over a {@link java.nio.channels.SocketChannel}. */
public final class ChannelConnection {
  private ChannelConnection() {}

  public static Connection connect(SocketAddress remote, ConnectionOptions options) throws IOException {
    throw new UnsupportedOperationException("not yet");
  }
}
