package dev.socketkit.datagram;

import dev.socketkit.SocketClosedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A loopback relay between one client and a datagram server that mistreats datagrams on purpose:
 * each direction has a {@link Policy} deciding what is forwarded, dropped, duplicated or held back
 * and sent after a later one (reordering).
 */
final class DatagramRelay implements AutoCloseable {
  /** Decides what happens to each datagram passing in one direction. */
  interface Policy {
    /** Called for every datagram in order; calls {@code out} for each datagram to pass on, now. */
    void pass(byte[] datagram, Out out) throws IOException;
  }

  /** Sends a datagram on in the relay's direction. */
  interface Out {
    void send(byte[] datagram) throws IOException;
  }

  /** Forwards everything as it comes. */
  static final Policy FAITHFUL = (d, out) -> out.send(d);

  /** Holds each datagram back until the next one, then sends the next first: every pair swapped. */
  static Policy swapPairs() {
    byte[][] held = new byte[1][];
    return (d, out) -> {
      if (held[0] == null) {
        held[0] = d;
      } else {
        out.send(d);
        out.send(held[0]);
        held[0] = null;
      }
    };
  }

  /** Drops every {@code n}th datagram, starting with the first. */
  static Policy dropEvery(int n) {
    int[] count = {0};
    return (d, out) -> {
      if (count[0]++ % n != 0) {
        out.send(d);
      }
    };
  }

  /** Sends every datagram twice. */
  static final Policy DUPLICATE = (d, out) -> {
    out.send(d);
    out.send(d);
  };

  private final DatagramEndpoint front;
  private final DatagramEndpoint back;
  private final Thread up;
  private final Thread down;
  private volatile InetSocketAddress client;

  DatagramRelay(InetSocketAddress server, Policy requests, Policy replies) throws IOException {
    Family family = server.getAddress() instanceof java.net.Inet6Address ? Family.IPV6 : Family.IPV4;
    front = family.bind();
    back = family.bind().connect(server);
    up = new Thread(() -> pump(front, requests, true), "relay-up");
    down = new Thread(() -> pump(back, replies, false), "relay-down");
    up.start();
    down.start();
  }

  /** Where the client sends. */
  InetSocketAddress address() {
    return front.localAddress();
  }

  private void pump(DatagramEndpoint from, Policy policy, boolean toServer) {
    try {
      while (true) {
        Datagram d = from.receive(Duration.ZERO);
        if (toServer) {
          client = d.sender();
          policy.pass(d.payload(), back::send);
        } else {
          policy.pass(d.payload(), p -> front.send(p, client));
        }
      }
    } catch (SocketClosedException e) {
      // closed by close(): done
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    front.close();
    back.close();
    up.join();
    down.join();
  }
}
