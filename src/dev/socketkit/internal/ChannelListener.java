package dev.socketkit.internal;

import dev.socketkit.ListenOptions;
import dev.socketkit.Listener;
import java.io.IOException;
import java.net.SocketAddress;

/** A {@link Listener} over a {@link java.nio.channels.ServerSocketChannel}. */
public final class ChannelListener {
  private ChannelListener() {}

  public static Listener bind(SocketAddress local, ListenOptions options) throws IOException {
    throw new UnsupportedOperationException("not yet");
  }
}
