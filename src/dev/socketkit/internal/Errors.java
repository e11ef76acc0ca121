package dev.socketkit.internal;

import dev.socketkit.ConnectionRefusedException;
import dev.socketkit.ConnectionResetException;
import dev.socketkit.EndOfStreamException;
import dev.socketkit.SocketClosedException;
import dev.socketkit.TimedOutException;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;

/**
 * Turns the JDK's socket exceptions into socketkit's typed ones, with messages that name the
 * operation and both ends. This is the single place that looks at JDK messages: the JDK reports a
 * reset or a broken pipe only as a {@link SocketException} with that text, and callers must never
 * have to.
 */
public final class Errors {
  private Errors() {}

  /** Formats an address the way messages show it: {@code 127.0.0.1:5555}, {@code [::1]:80}, a path. */
  public static String format(SocketAddress address) {
    if (address instanceof InetSocketAddress) {
      InetSocketAddress a = (InetSocketAddress) address;
      if (a.isUnresolved()) {
        return a.getHostString() + ":" + a.getPort();
      }
      String host = a.getAddress().getHostAddress();
      return (a.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
    }
    if (address instanceof UnixDomainSocketAddress) {
      String path = ((UnixDomainSocketAddress) address).getPath().toString();
      return path.isEmpty() ? "unnamed" : path;
    }
    return String.valueOf(address);
  }

  /** Returns {@code local->remote}. */
  public static String ends(SocketAddress local, SocketAddress remote) {
    return format(local) + "->" + format(remote);
  }

  /** Translates {@code e}, thrown by operation {@code op} on {@code where} ({@code ends(...)}). */
  public static IOException translate(String op, String where, IOException e) {
    if (e instanceof EndOfStreamException
        || e instanceof TimedOutException
        || e instanceof ConnectionRefusedException
        || e instanceof ConnectionResetException
        || e instanceof SocketClosedException) {
      return e;
    }
    String prefix = op + " " + where + ": ";
    if (e instanceof ClosedByInterruptException) {
      return withCause(new SocketClosedException(prefix + "closed because the thread was interrupted"), e);
    }
    if (e instanceof ClosedChannelException) {
      return withCause(new SocketClosedException(prefix + "socket closed"), e);
    }
    if (e instanceof java.net.ConnectException) {
      return withCause(new ConnectionRefusedException(prefix + "connection refused"), e);
    }
    if (e instanceof NoRouteToHostException) {
      return withCause(new NoRouteToHostException(prefix + "no route to host"), e);
    }
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (m.contains("Connection reset") || m.contains("connection reset")) {
      return withCause(new ConnectionResetException(prefix + "connection reset"), e);
    }
    if (m.contains("Broken pipe") || m.contains("broken pipe")) {
      return withCause(new ConnectionResetException(prefix + "broken pipe (the peer has gone)"), e);
    }
    if (m.contains("Connection refused")) {
      return withCause(new ConnectionRefusedException(prefix + "connection refused"), e);
    }
    if (e instanceof SocketException) {
      return withCause(new SocketException(prefix + m), e);
    }
    return new IOException(prefix + m, e);
  }

  /** Whether {@code e} is {@code EAGAIN}: for a Unix-domain connect, the listener's backlog is full. */
  static boolean isWouldBlock(IOException e) {
    String m = e.getMessage();
    return m != null && m.contains("Resource temporarily unavailable");
  }

  /** Translates a selector closed under a waiting thread. */
  public static SocketClosedException closed(String op, String where, ClosedSelectorException e) {
    return withCause(new SocketClosedException(op + " " + where + ": socket closed"), e);
  }

  private static <T extends IOException> T withCause(T t, Throwable cause) {
    t.initCause(cause);
    return t;
  }
}
