package dev.socketkit;

import dev.socketkit.internal.Checks;
import dev.socketkit.internal.Errors;
import dev.socketkit.spi.Transport;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read and write loops of a {@link Connection} over its {@link Transport}: time limits, the
 * deadline, byte counts, the switch out of blocking mode and the messages of every I/O error.
 *
 * <p>While no limit was ever set and the transport is blocking, a read or a write is one call
 * into the transport, as with plain JDK sockets. Once a limit is set, the transport is switched to
 * non-blocking mode at the first moment neither direction is inside such a blocking call (the
 * JDK would otherwise wait for that call to end), and from then on every call tries the transport
 * and waits in it within the limits, which it re-reads after each wake-up: a setter wakes a
 * waiting call, so a limit set while a call waits applies to that call.
 */
final class TimedIo {
  private static final Logger log = LoggerFactory.getLogger(Connection.class);
  private static final int SETTER = 0;
  private static final int READER = 1;
  private static final int WRITER = 2;

  final Transport transport;
  final String ends;
  final InputStream in;
  final TimedStreams.Out out;
  private final Object modeLock = new Object();

  volatile boolean closed;
  volatile boolean outputShut;
  // The counters have one writer at a time and are published with opaque stores (atomic, no fence
  // on each call); an in-call flag is set with a full fence (see read) and cleared with a release.
  private long bytesRead;
  private long bytesWritten;
  private volatile boolean blocking;
  private volatile boolean timed;
  private volatile boolean inBlockingRead;
  private volatile boolean inBlockingWrite;
  private static final VarHandle BYTES_READ = handle("bytesRead", long.class);
  private static final VarHandle BYTES_WRITTEN = handle("bytesWritten", long.class);
  private static final VarHandle IN_BLOCKING_READ = handle("inBlockingRead", boolean.class);
  private static final VarHandle IN_BLOCKING_WRITE = handle("inBlockingWrite", boolean.class);
  private volatile boolean readWaiting;
  private volatile boolean writeWaiting;
  private boolean drained; // reader only, as are the next two: see timedRead
  private int missedTries;
  private int waitFirstLeft = 1; // a new connection's read after its first one waits first
  private volatile Duration readTimeout = Duration.ZERO;
  private volatile Duration writeTimeout = Duration.ZERO;
  private volatile long readLimit = Checks.FOREVER;
  private volatile long writeLimit = Checks.FOREVER;
  private volatile long deadlineNanos;
  private volatile Instant deadline;

  /** Loops over {@code transport}; closing either stream closes {@code owner}. */
  TimedIo(Transport transport, Closeable owner) {
    this.transport = transport;
    TimedStreams streams = new TimedStreams(this, owner);
    this.in = streams.in;
    this.out = streams.out;
    this.ends = Errors.ends(transport.localAddress(), transport.remoteAddress());
    this.blocking = transport.isBlocking();
  }

  private static VarHandle handle(String field, Class<?> type) {
    try {
      return MethodHandles.lookup().findVarHandle(TimedIo.class, field, type);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  long bytesRead() {
    return (long) BYTES_READ.getOpaque(this);
  }

  long bytesWritten() {
    return (long) BYTES_WRITTEN.getOpaque(this);
  }

  Duration readTimeout() {
    return readTimeout;
  }

  Duration writeTimeout() {
    return writeTimeout;
  }

  Instant deadline() {
    return deadline;
  }

  void readTimeout(Duration timeout) {
    readTimeout = Checks.notNegative("readTimeout", timeout);
    readLimit = Checks.limitNanos(timeout);
    limitsChanged(!timeout.isZero());
  }

  void writeTimeout(Duration timeout) {
    writeTimeout = Checks.notNegative("writeTimeout", timeout);
    writeLimit = Checks.limitNanos(timeout);
    limitsChanged(!timeout.isZero());
  }

  void deadline(Instant at) {
    long left;
    try {
      left = Duration.between(Instant.now(), at).toNanos();
    } catch (ArithmeticException e) {
      left = at.isBefore(Instant.now()) ? Long.MIN_VALUE / 4 : Long.MAX_VALUE / 4;
    }
    deadlineNanos = System.nanoTime() + Math.max(Long.MIN_VALUE / 4, Math.min(left, Long.MAX_VALUE / 4));
    deadline = at;
    limitsChanged(at != null);
  }

  void clearDeadline() {
    deadline = null;
    limitsChanged(false);
  }

  /** Leaves blocking mode if a limit is now set, and wakes a waiting call so it re-reads them. */
  private void limitsChanged(boolean limitSet) {
    if (limitSet) {
      timed = true; // written before switchMode reads the in-call flags: see read()
      if (blocking) {
        switchMode(SETTER);
      }
    }
    if (readWaiting || writeWaiting) {
      transport.wakeup();
    }
  }

  /** Switches the transport out of blocking mode unless a blocking call of another party runs. */
  private boolean switchMode(int caller) {
    synchronized (modeLock) {
      if (!blocking) {
        return true;
      }
      if (closed || (caller != READER && inBlockingRead) || (caller != WRITER && inBlockingWrite)) {
        return false;
      }
      try {
        transport.configureNonBlocking();
        blocking = false;
        return true;
      } catch (IOException e) {
        log.debug("{}: could not leave blocking mode: {}", ends, e.toString());
        return false;
      }
    }
  }

  int read(ByteBuffer dst) throws IOException {
    ensureOpen("read");
    try {
      if (blocking) {
        inBlockingRead = true; // written before reading `timed`: a setter sees one or the other
        try {
          if (!timed || !switchMode(READER)) {
            return countIn(transport.read(dst));
          }
        } finally {
          IN_BLOCKING_READ.setRelease(this, false);
        }
      }
      return timedRead(dst);
    } catch (IOException e) {
      throw translate("read", e);
    }
  }

  /**
   * Reads within the limits. Trying first costs one call if bytes are there, three if not (empty
   * read, wait, read); waiting first costs two (readiness is level-triggered). So after a draining
   * read, a first try that found nothing makes the next 1, 2, 4, 8, then 16 reads wait first, while
   * tries keep finding nothing; a try that finds bytes ends that. A new connection's first draining
   * read counts as such a miss: a request is usually there when a connection is accepted, the
   * next one (or the end of the stream) usually not yet. The time-out counts from the
   * first wait (a try that found nothing takes microseconds), so a read that finds bytes at once
   * does not read the clock.
   */
  private int timedRead(ByteBuffer dst) throws IOException {
    long start = 0;
    boolean waited = false;
    boolean waitFirst = drained && waitFirstLeft > 0;
    if (waitFirst) {
      waitFirstLeft--;
    }
    boolean tryCounts = drained && !waitFirst; // a first try after a drain: are bytes usually there?
    try {
      while (true) {
        checkDeadline("read", 0);
        if (!waitFirst) {
          int room = dst.remaining();
          int n = transport.read(dst);
          if (tryCounts) {
            tryCounts = false;
            missedTries = n == 0 ? Math.min(missedTries + 1, 5) : 0;
            waitFirstLeft = n == 0 ? 1 << (missedTries - 1) : 0;
          }
          if (n != 0) {
            drained = n > 0 && n < room;
            return countIn(n);
          }
        }
        waitFirst = false;
        if (!waited) {
          readWaiting = waited = true; // before the limits are read, so a setter wakes us
          start = System.nanoTime();
        }
        transport.awaitReadable(waitNanos("read", readLimit, readTimeout, start, 0));
        ensureOpen("read");
      }
    } finally {
      if (waited) {
        readWaiting = false;
      }
    }
  }

  private int countIn(int n) {
    if (n > 0) {
      BYTES_READ.setOpaque(this, bytesRead + n); // one reader at a time
    }
    return n;
  }

  long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    ensureOpen("write");
    if (outputShut) {
      throw new IOException("write " + ends + ": output shut down");
    }
    long wanted = 0;
    for (int i = offset; i < offset + length; i++) {
      wanted += srcs[i].remaining();
    }
    long total = 0;
    boolean waited = false;
    try {
      if (blocking) {
        inBlockingWrite = true;
        try {
          if (!timed || !switchMode(WRITER)) {
            while (total < wanted) {
              total += transport.write(srcs, offset, length);
            }
            return total;
          }
        } finally {
          IN_BLOCKING_WRITE.setRelease(this, false);
          BYTES_WRITTEN.setOpaque(this, bytesWritten + total);
        }
      }
      long progress = 0;
      boolean clockRead = false; // the clock is read when a write must wait: the last progress was then
      while (total < wanted) {
        checkDeadline("write", total);
        long n = transport.write(srcs, offset, length);
        if (n > 0) {
          total += n;
          BYTES_WRITTEN.setOpaque(this, bytesWritten + n);
          clockRead = false;
          continue;
        }
        if (!waited) {
          writeWaiting = waited = true;
        }
        if (!clockRead) {
          progress = System.nanoTime();
          clockRead = true;
        }
        transport.awaitWritable(waitNanos("write", writeLimit, writeTimeout, progress, total));
        ensureOpen("write");
      }
      return total;
    } catch (IOException e) {
      throw translate("write", e);
    } finally {
      if (waited) {
        writeWaiting = false;
      }
    }
  }

  /** Nanoseconds the call may wait now; throws if its time-out or the deadline has expired. */
  private long waitNanos(String op, long limit, Duration timeout, long since, long transferred)
      throws TimedOutException {
    long idle = Checks.left(limit, since);
    if (idle <= 0) {
      TimedOutException.Kind kind = op.equals("read") ? TimedOutException.Kind.READ : TimedOutException.Kind.WRITE;
      throw new TimedOutException(op + " " + ends + ": no progress for " + timeout + " ("
          + kind.name().toLowerCase(Locale.ROOT) + " timeout)" + partly(transferred), kind, timeout,
          transferred);
    }
    return Math.min(idle, checkDeadline(op, transferred));
  }

  /** Throws if the deadline has passed; returns the nanoseconds left, {@link Checks#FOREVER} if none. */
  private long checkDeadline(String op, long transferred) throws TimedOutException {
    Instant d = deadline;
    if (d == null) {
      return Checks.FOREVER;
    }
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new TimedOutException(op + " " + ends + ": deadline " + d + " passed" + partly(transferred),
          TimedOutException.Kind.DEADLINE, Duration.ZERO, transferred);
    }
    return left;
  }

  private static String partly(long transferred) {
    return transferred == 0 ? "" : " after " + transferred + " bytes";
  }

  void ensureOpen(String op) throws SocketClosedException {
    if (closed) {
      throw new SocketClosedException(op + " " + ends + ": socket closed");
    }
  }

  /** The connection's message for a transport failure: a local close wins over what the JDK said. */
  IOException translate(String op, IOException e) {
    if (closed && !(e instanceof SocketClosedException)) {
      SocketClosedException c = new SocketClosedException(op + " " + ends + ": socket closed");
      c.initCause(e);
      return c;
    }
    return Errors.translate(op, ends, e);
  }

  /** {@link Connection#shutdownInput()}. */
  void shutdownInput() throws IOException {
    ensureOpen("shutdownInput");
    try {
      transport.shutdownInput();
    } catch (IOException e) {
      throw translate("shutdownInput", e);
    }
  }

  /** {@link Connection#shutdownOutput()}: flushes {@code output} first, once. */
  void shutdownOutput(BufferedOutput output) throws IOException {
    ensureOpen("shutdownOutput");
    if (outputShut) {
      return;
    }
    output.flush();
    try {
      transport.shutdownOutput();
      outputShut = true;
    } catch (IOException e) {
      throw translate("shutdownOutput", e);
    }
  }

  /** {@link Connection#close()}: closes the transport once, discarding what {@code output} holds. */
  void close(BufferedOutput output) throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (output.buffered() > 0) {
      log.debug("close {}: discarded {} unflushed bytes", ends, output.buffered());
    }
    transport.close();
  }
}
