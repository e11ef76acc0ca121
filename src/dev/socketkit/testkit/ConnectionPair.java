package dev.socketkit.testkit;

import dev.socketkit.internal.Checks;
import dev.socketkit.Connection;
import dev.socketkit.ConnectionOptions;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two connected in-memory {@link Connection}s, like {@code socketpair(2)}: what one end writes
 * and flushes, the other reads. No socket, no descriptor, no thread; for tests of protocol code.
 *
 * <pre>{@code
 * try (ConnectionPair pair = ConnectionPair.inMemory()) {
 *   FrameWriter.of(pair.client(), Framing.lines()).writeText("hi", UTF_8).flush();
 *   assertThat(FrameReader.of(pair.server(), Framing.lines()).readText(UTF_8)).isEqualTo("hi");
 * }
 * }</pre>
 *
 * <p>Each end is a {@link Connection} over an in-memory {@link dev.socketkit.spi.Transport}, so it keeps
 * the same contract as a socket, time limits included: each direction holds a bounded number
 * of bytes, so a writer whose peer does not read blocks, and its write time-out fires; read and
 * write time-outs and the deadline throw {@link dev.socketkit.TimedOutException} of kind {@code
 * READ}, {@code WRITE} or {@code DEADLINE}; {@link Connection#shutdownOutput()} makes the peer
 * read end of stream; {@link Connection#close()} wakes a blocked reader or writer of that end
 * with {@link dev.socketkit.SocketClosedException}, the peer then reads end of stream and its
 * writes fail with {@link dev.socketkit.ConnectionResetException}. Close is idempotent and, as on
 * real sockets here, discards unflushed output. Socket options are not supported ({@link
 * UnsupportedOperationException}). Addresses are {@link MemoryAddress}es named {@code
 * memory:N:client} and {@code memory:N:server}.
 */
public final class ConnectionPair implements Closeable {
  /** The default number of bytes each direction holds before a writer blocks, 64 KiB. */
  public static final int DEFAULT_CAPACITY = 64 * 1024;

  private static final AtomicLong IDS = new AtomicLong();

  private final Connection client;
  private final Connection server;

  private ConnectionPair(int capacity) {
    Checks.inRange("capacity", capacity, 1, Integer.MAX_VALUE);
    long id = IDS.incrementAndGet();
    MemoryAddress c = new MemoryAddress("memory:" + id + ":client");
    MemoryAddress s = new MemoryAddress("memory:" + id + ":server");
    Pipe toServer = new Pipe(capacity);
    Pipe toClient = new Pipe(capacity);
    this.client = open(new MemoryTransport(toClient, toServer, c, s));
    this.server = open(new MemoryTransport(toServer, toClient, s, c));
  }

  private static Connection open(MemoryTransport t) {
    try {
      return Connection.of(t, ConnectionOptions.defaults());
    } catch (IOException e) {
      throw new UncheckedIOException("an in-memory connection cannot fail to open", e);
    }
  }

  /**
   * Returns a connected pair whose directions each hold {@link #DEFAULT_CAPACITY} bytes.
   *
   * @return the pair
   */
  public static ConnectionPair inMemory() {
    return new ConnectionPair(DEFAULT_CAPACITY);
  }

  /**
   * Returns a connected pair whose directions each hold {@code capacity} bytes in flight (on top
   * of each end's 8 KiB output buffer) before a writer blocks.
   *
   * @param capacity the bytes in flight per direction, greater than zero
   * @return the pair
   * @throws IllegalArgumentException if {@code capacity} is not positive
   */
  public static ConnectionPair inMemory(int capacity) {
    return new ConnectionPair(capacity);
  }

  /**
   * Returns the client end.
   *
   * @return the client end, the same object on every call
   */
  public Connection client() {
    return client;
  }

  /**
   * Returns the server end.
   *
   * @return the server end, the same object on every call
   */
  public Connection server() {
    return server;
  }

  /** Closes both ends; idempotent. */
  @Override
  public void close() {
    try {
      client.close();
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("an in-memory close cannot fail", e);
    }
  }
}
