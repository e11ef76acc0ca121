package dev.socketkit.jmh.baseline;

import dev.socketkit.jmh.Transport;
import dev.socketkit.jmh.Wire;
import dev.socketkit.jmh.server.RunningServer;
import dev.socketkit.jmh.server.Sessions;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The raw-JDK baseline: what a Java programmer writes by hand without a library. One acceptor
 * thread per service and a new platform thread per connection; {@link ServerSocket} and {@link
 * Socket} streams for TCP, a blocking {@link SocketChannel} behind stream adapters for Unix-domain
 * sockets; a {@link DataInputStream} over an 8 KiB {@link BufferedInputStream} to read frames; each
 * reply assembled in one array and written with one call.
 */
public final class RawJdkServer implements RunningServer {
  private final Closeable echoListener;
  private final Closeable churnListener;
  private final SocketAddress echo;
  private final SocketAddress churn;
  private final Thread[] acceptors = new Thread[2];
  private final Sessions sessions = new Sessions();

  private RawJdkServer(Transport transport, SocketAddress echoAt, SocketAddress churnAt, int backlog)
      throws IOException {
    if (transport == Transport.TCP) {
      ServerSocket e = new ServerSocket();
      ServerSocket c = new ServerSocket();
      try {
        e.setReuseAddress(true);
        c.setReuseAddress(true);
        e.bind(echoAt, backlog);
        c.bind(churnAt, backlog);
      } catch (IOException ex) {
        e.close();
        c.close();
        throw ex;
      }
      echoListener = e;
      churnListener = c;
      echo = e.getLocalSocketAddress();
      churn = c.getLocalSocketAddress();
      acceptors[0] = acceptor("echo", () -> serve(e.accept(), true));
      acceptors[1] = acceptor("churn", () -> serve(c.accept(), false));
    } else {
      ServerSocketChannel e = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(echoAt, backlog);
      ServerSocketChannel c;
      try {
        c = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(churnAt, backlog);
      } catch (IOException ex) {
        e.close();
        throw ex;
      }
      echoListener = e;
      churnListener = c;
      echo = e.getLocalAddress();
      churn = c.getLocalAddress();
      acceptors[0] = acceptor("echo", () -> serve(e.accept(), true));
      acceptors[1] = acceptor("churn", () -> serve(c.accept(), false));
    }
    for (Thread t : acceptors) {
      t.start();
    }
  }

  /**
   * Binds both services and starts their acceptor threads.
   *
   * @param transport TCP or Unix-domain
   * @param echoAt the echo address
   * @param churnAt the churn address
   * @param backlog the listen backlog
   * @return the running server
   * @throws IOException if binding fails
   */
  public static RawJdkServer start(Transport transport, SocketAddress echoAt, SocketAddress churnAt, int backlog)
      throws IOException {
    return new RawJdkServer(transport, echoAt, churnAt, backlog);
  }

  @Override
  public SocketAddress echoAddress() {
    return echo;
  }

  @Override
  public SocketAddress churnAddress() {
    return churn;
  }

  private interface Accept {
    void once() throws IOException;
  }

  private Thread acceptor(String service, Accept accept) {
    Thread t = new Thread(() -> {
      while (true) {
        try {
          accept.once();
        } catch (IOException e) {
          return; // listener closed
        }
      }
    }, "raw-jdk-" + service + "-acceptor");
    t.setDaemon(true);
    return t;
  }

  private void serve(Socket s, boolean isEcho) throws IOException {
    s.setTcpNoDelay(true);
    spawn(s, s.getInputStream(), s.getOutputStream(), isEcho);
  }

  private void serve(SocketChannel ch, boolean isEcho) {
    spawn(ch, Channels.newInputStream(ch), Channels.newOutputStream(ch), isEcho);
  }

  private void spawn(Closeable socket, InputStream rawIn, OutputStream out, boolean isEcho) {
    sessions.opened(socket);
    Thread t = new Thread(() -> {
      try (socket) {
        DataInputStream in = new DataInputStream(new BufferedInputStream(rawIn, 8192));
        if (isEcho) {
          echo(in, out);
        } else {
          churn(in, out);
        }
      } catch (IOException e) {
        // peer went away or sent garbage: the connection is closed either way
      } finally {
        sessions.closed(socket);
      }
    }, "raw-jdk-conn");
    t.setDaemon(true);
    t.start();
  }

  private static void echo(DataInputStream in, OutputStream out) throws IOException {
    byte[] frame = new byte[Wire.HEADER + 1024];
    while (true) {
      int len;
      try {
        len = in.readInt();
      } catch (EOFException end) {
        return;
      }
      if (!Wire.acceptable(len)) {
        return;
      }
      if (frame.length < Wire.HEADER + len) {
        frame = new byte[Wire.HEADER + len];
      }
      Wire.putInt(frame, 0, len);
      in.readFully(frame, Wire.HEADER, len);
      out.write(frame, 0, Wire.HEADER + len);
    }
  }

  private static void churn(DataInputStream in, OutputStream out) throws IOException {
    byte[] reply = new byte[Wire.HEADER + 4096];
    while (true) {
      int len;
      try {
        len = in.readInt();
      } catch (EOFException end) {
        return;
      }
      if (len != 4) {
        return;
      }
      int count = in.readInt();
      if (!Wire.acceptable(count)) {
        return;
      }
      if (reply.length < Wire.HEADER + count) {
        reply = new byte[Wire.HEADER + count];
      }
      Wire.putInt(reply, 0, count);
      System.arraycopy(Wire.filler(), 0, reply, Wire.HEADER, count);
      out.write(reply, 0, Wire.HEADER + count);
    }
  }

  @Override
  public String shutdown() {
    long t0 = System.nanoTime();
    try {
      echoListener.close();
      churnListener.close();
    } catch (IOException ignored) {
      // best effort
    }
    int open = sessions.closeAll();
    for (Thread t : acceptors) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return sessions.report("raw-jdk", open, System.nanoTime() - t0);
  }
}
