package dev.socketkit.jmh.datagram;

import dev.socketkit.jmh.baseline.RawJdkDatagramServer;
import dev.socketkit.jmh.netty.NettyDatagramServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * UDP over IPv4 loopback against every datagram server, in the JMH fork's own JVM: socketkit's
 * {@code DatagramServer} under each strategy, a hand-written raw-JDK {@link DatagramChannel}
 * server ({@code raw-jdk}) and Netty 4.2 with the native epoll transport ({@code netty}). Every
 * client is the same blocking, connected {@code DatagramChannel} with direct buffers.
 *
 * <ul>
 *   <li>{@link #roundTrip}: one client sends a datagram and waits for its echo; round trips/s.
 *   <li>{@link #roundTripFourClients}: the same from four client threads at once.
 *   <li>{@link #oneWay}: one client sends batches of {@value #BATCH} datagrams the server only
 *       counts, each batch closed by a sync request whose reply paces the sender (a flood without
 *       it would measure the kernel's drop rate); messages/s. The teardown prints how many the
 *       server counted of those sent.
 * </ul>
 *
 * <p>A reply that does not come within 5 s (a lost datagram) fails the trial instead of hanging
 * it. Targets (issue 11): socketkit at least 0.95 x raw JDK and at least Netty.
 */
@State(Scope.Benchmark)
public class DatagramBenchmark {
  /** Datagrams per {@link #oneWay} batch. */
  public static final int BATCH = 32;
  private static final long REPLY_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** The server: a socketkit strategy, or a peer. */
  @Param({"iterative", "pooled", "virtual", "raw-jdk", "netty"})
  public String server;

  /** The payload size in bytes, the kind byte included. */
  @Param({"64", "1400"})
  public int payload;

  DatagramWire.Peer peer;
  private final List<Client> clients = new CopyOnWriteArrayList<>();
  private final AtomicLong countsSent = new AtomicLong();
  private volatile boolean running;
  private Thread watchdog;

  /**
   * Starts the server and the watchdog that fails a trial whose reply never comes.
   *
   * @throws Exception if the server does not start
   */
  @Setup(Level.Trial)
  public void start() throws Exception {
    InetSocketAddress any = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
    switch (server) {
      case "raw-jdk":
        peer = RawJdkDatagramServer.start(any);
        break;
      case "netty":
        peer = NettyDatagramServer.start(any);
        break;
      default:
        peer = new SocketkitDatagramServer(any, SocketkitDatagramServer.strategy(server));
    }
    running = true;
    watchdog = new Thread(this::watch, "datagram-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private void watch() {
    while (running) {
      long now = System.nanoTime();
      for (Client c : clients) {
        long since = c.waitingSince;
        if (since != 0 && now - since > REPLY_LIMIT_NANOS) {
          System.out.println("no reply within 5 s (a datagram was lost): closing the client");
          c.abort();
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Stops the watchdog and the server; prints how many one-way datagrams the server counted.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    running = false;
    watchdog.interrupt();
    watchdog.join();
    long sent = countsSent.get();
    if (sent > 0) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (peer.counted() < sent && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      System.out.println("one-way: the server counted " + peer.counted() + " of " + sent + " sent");
    }
    peer.close();
  }

  /** One connected client socket per benchmark thread. */
  @State(Scope.Thread)
  public static class Client {
    DatagramChannel channel;
    ByteBuffer echo;
    ByteBuffer count;
    ByteBuffer sync;
    ByteBuffer in;
    long countsSent;
    volatile long waitingSince;
    private DatagramBenchmark benchmark;

    /**
     * Opens and connects the client.
     *
     * @param b the benchmark with the running server
     * @throws IOException if the socket cannot be opened
     */
    @Setup(Level.Trial)
    public void open(DatagramBenchmark b) throws IOException {
      benchmark = b;
      channel = DatagramChannel.open();
      channel.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      channel.connect(b.peer.address());
      echo = filled(DatagramWire.ECHO, b.payload);
      count = filled(DatagramWire.COUNT, b.payload);
      sync = filled(DatagramWire.SYNC, 1);
      in = ByteBuffer.allocateDirect(65_536);
      b.clients.add(this);
    }

    private static ByteBuffer filled(byte kind, int size) {
      ByteBuffer b = ByteBuffer.allocateDirect(size);
      b.put(kind);
      while (b.hasRemaining()) {
        b.put((byte) ('a' + b.position() % 26));
      }
      return b.flip();
    }

    /** Sends {@code out} and waits for one datagram back; returns its first byte. */
    int exchange(ByteBuffer out) throws IOException {
      out.rewind();
      channel.write(out);
      in.clear();
      waitingSince = System.nanoTime();
      channel.read(in);
      waitingSince = 0;
      return in.get(0);
    }

    void abort() {
      try {
        channel.close();
      } catch (IOException e) {
        System.out.println("closing a stuck client failed: " + e);
      }
    }

    /**
     * Closes the client and hands its one-way count to the benchmark.
     *
     * @throws IOException if closing fails
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      benchmark.clients.remove(this);
      benchmark.countsSent.addAndGet(countsSent);
      channel.close();
    }
  }

  /**
   * One request and its echo, one client.
   *
   * @param c this thread's client
   * @return the reply's first byte
   * @throws IOException if the exchange fails
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  public int roundTrip(Client c) throws IOException {
    return c.exchange(c.echo);
  }

  /**
   * One request and its echo, on each of four clients at once.
   *
   * @param c this thread's client
   * @return the reply's first byte
   * @throws IOException if the exchange fails
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(4)
  public int roundTripFourClients(Client c) throws IOException {
    return c.exchange(c.echo);
  }

  /**
   * {@value #BATCH} datagrams the server only counts, then a sync round trip that paces the
   * sender.
   *
   * @param c this thread's client
   * @return the reply's first byte
   * @throws IOException if sending fails
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(1)
  @OperationsPerInvocation(BATCH)
  public int oneWay(Client c) throws IOException {
    for (int i = 0; i < BATCH; i++) {
      c.count.rewind();
      c.channel.write(c.count);
    }
    c.countsSent += BATCH;
    return c.exchange(c.sync);
  }
}
