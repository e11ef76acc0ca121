package dev.socketkit;

import dev.socketkit.server.Server;
import dev.socketkit.server.ServerOptions;
import dev.socketkit.server.Strategy;
import dev.socketkit.testkit.ConnectionPair;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * The connections the contract suite runs over: each kind opens a connected pair whose {@link
 * Pair#local()} end is the one under test and whose {@link Pair#peer()} is a plain socket (or the
 * other in-memory end).
 */
enum Endpoint {
  TCP4(Transport.TCP4),
  TCP6(Transport.TCP6),
  UNIX(Transport.UNIX),
  MEMORY(null),
  /** The connection a server session's handler receives, over TCP/IPv4. */
  SESSION(Transport.TCP4);

  private final Transport transport;

  Endpoint(Transport transport) {
    this.transport = transport;
  }

  boolean isSocket() {
    return transport != null;
  }

  boolean isTcp() {
    return transport != null && transport.isTcp();
  }

  /** Opens a connected pair. */
  Pair open() throws IOException {
    switch (this) {
      case MEMORY:
        return memory();
      case SESSION:
        return session();
      default:
        return sockets(transport);
    }
  }

  /** Two connected ends and what else they need closed. */
  interface Pair extends AutoCloseable {
    /** The end under test. */
    Connection local();

    /** The other end. */
    Connection peer();

    @Override
    void close() throws IOException;
  }

  private static Pair sockets(Transport t) throws IOException {
    Listener listener = Listener.bind(t.bindAddress());
    Connection client = null;
    try {
      client = Connection.connect(listener.localAddress(), Duration.ofSeconds(10));
      Connection server = listener.accept(Duration.ofSeconds(10));
      Connection peer = client;
      return new Pair() {
        @Override
        public Connection local() {
          return server;
        }

        @Override
        public Connection peer() {
          return peer;
        }

        @Override
        public void close() throws IOException {
          try (listener; peer; server) {
            // closes all three
          }
        }
      };
    } catch (IOException | RuntimeException e) {
      if (client != null) {
        client.close();
      }
      listener.close();
      throw e;
    }
  }

  private static Pair memory() {
    ConnectionPair pair = ConnectionPair.inMemory();
    return new Pair() {
      @Override
      public Connection local() {
        return pair.server();
      }

      @Override
      public Connection peer() {
        return pair.client();
      }

      @Override
      public void close() {
        pair.close();
      }
    };
  }

  /** A server whose handler hands its connection to the test and waits until the test is done. */
  private static Pair session() throws IOException {
    SynchronousQueue<Connection> handed = new SynchronousQueue<>();
    CountDownLatch done = new CountDownLatch(1);
    Server server = Server.of(Transport.TCP4.bindAddress(), Strategy.threadPerConnection(),
        ServerOptions.builder().name("contract").idleTimeout(Duration.ZERO)
            .writeTimeout(Duration.ZERO).build(),
        c -> {
          try {
            handed.put(c);
            done.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }).start();
    Connection client = null;
    try {
      client = Connection.connect(server.localAddress(), Duration.ofSeconds(10));
      Connection local = handed.poll(30, TimeUnit.SECONDS);
      if (local == null) {
        throw new IOException("no session within 30 s");
      }
      Connection peer = client;
      return new Pair() {
        @Override
        public Connection local() {
          return local;
        }

        @Override
        public Connection peer() {
          return peer;
        }

        @Override
        public void close() throws IOException {
          done.countDown();
          try (peer) {
            server.shutdown(Duration.ofSeconds(10));
          }
        }
      };
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdown(Duration.ZERO);
      throw new IOException("interrupted", e);
    } catch (IOException | RuntimeException e) {
      if (client != null) {
        client.close();
      }
      server.shutdown(Duration.ZERO);
      throw e;
    }
  }
}
