package dev.socketkit.client;

import dev.socketkit.Connection;
import dev.socketkit.internal.Errors;
import dev.socketkit.internal.Threads;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the two directions of a connection at once: one thread reads while another writes, so
 * neither side has to wait for the other to answer (a chat, a terminal, a stream of events with
 * acknowledgements).
 *
 * <pre>{@code
 * FullDuplex.run(connection,
 *     c -> { while (!c.input().exhausted()) print(c.input().readByte()); },  // until the peer is done
 *     c -> { for (String line : lines) c.output().write(bytes(line)).flush(); }); // until we are
 * }</pre>
 *
 * <p>Shutdown is clean in both directions: when the writer returns, the output is flushed and
 * shut down, so the peer reads end of stream while this side keeps reading; when the reader
 * returns (normally at end of stream), the input is shut down. {@link #run} returns once both have
 * returned; the caller still closes the connection.
 *
 * <p>If either side throws, the connection is closed at once, which makes the other side's
 * blocked read or next write throw {@link dev.socketkit.SocketClosedException}; {@link #run}
 * then waits for the other side and throws the first failure, with the other one {@linkplain
 * Throwable#getSuppressed() suppressed}. A writer blocked on something other than the connection
 * (such as a console) must notice by itself.
 */
public final class FullDuplex {
  private static final Logger LOG = LoggerFactory.getLogger(FullDuplex.class);

  private FullDuplex() {}

  /** One direction of a full-duplex conversation. */
  @FunctionalInterface
  public interface Direction {
    /**
     * Reads from, or writes to, the connection until this direction is done, then returns.
     *
     * @param connection the shared connection; a reader uses only its input, a writer only its
     *     output
     * @throws IOException if reading or writing fails; end of stream and time-outs arrive as
     *     the connection's reads and writes throw them
     */
    void run(Connection connection) throws IOException;
  }

  /**
   * Runs {@code reader} on a new thread and {@code writer} on the calling thread, shuts each
   * direction down as it finishes, and returns when both are done.
   *
   * @param connection the open connection
   * @param reader reads until the peer's end of stream (or its own reason to stop)
   * @param writer writes until it has nothing more to say
   * @throws IOException the first failure of either side; the connection is then closed
   * @throws InterruptedIOException if the calling thread is interrupted while waiting for the
   *     reader; the connection is then closed
   */
  public static void run(Connection connection, Direction reader, Direction writer) throws IOException {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(writer, "writer");
    CompletableFuture<Void> readDone = new CompletableFuture<>();
    // The side that fails first is the cause; the other side's failure is usually the close.
    AtomicReference<Throwable> cause = new AtomicReference<>();
    Thread readerThread = new Thread(() -> {
      try {
        reader.run(connection);
        if (connection.isOpen()) {
          connection.shutdownInput();
        }
        readDone.complete(null);
      } catch (Throwable e) {
        cause.compareAndSet(null, e);
        close(connection);
        readDone.completeExceptionally(e);
      }
    }, "duplex-reader " + Errors.format(connection.remoteAddress()));
    readerThread.setDaemon(true);
    readerThread.start();

    Throwable failure = null;
    try {
      writer.run(connection);
      connection.shutdownOutput();
    } catch (IOException | RuntimeException | Error e) {
      cause.compareAndSet(null, e);
      failure = e;
      close(connection);
    }
    try {
      readDone.get();
    } catch (ExecutionException e) {
      Throwable readFailure = e.getCause();
      failure = cause.get() == readFailure ? first(readFailure, failure) : first(failure, readFailure);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close(connection);
      Threads.joinUninterruptibly(readerThread);
      failure = first(failure, new InterruptedIOException("full duplex on " + connection
          + ": interrupted while waiting for the reader"));
    }
    Threads.joinUninterruptibly(readerThread);
    if (failure instanceof IOException) {
      throw (IOException) failure;
    } else if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    } else if (failure instanceof Error) {
      throw (Error) failure;
    }
  }

  private static Throwable first(Throwable first, Throwable second) {
    if (second == null) {
      return first(second, first);
    }
    if (first == null) {
      return second instanceof IOException || second instanceof RuntimeException || second instanceof Error
          ? second : new IOException(second);
    }
    if (second != first) {
      first.addSuppressed(second);
    }
    return first;
  }

  private static void close(Connection c) {
    try {
      c.close();
    } catch (IOException e) {
      LOG.debug("closing {} failed: {}", c, e.toString());
    }
  }
}
