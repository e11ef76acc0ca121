package dev.socketkit;

import dev.socketkit.internal.Checks;
import dev.socketkit.internal.Errors;
import dev.socketkit.spi.Transport;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
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
  private final Closeable owner;
  final InputStream in = new In();
  final Out out = new Out();
  private final Object modeLock = new Object();

  volatile boolean closed;
  volatile boolean outputShut;
  volatile long bytesRead;
  volatile long bytesWritten;
  private volatile boolean blocking;
  private volatile boolean timed;
  private volatile boolean inBlockingRead;
  private volatile boolean inBlockingWrite;
  private volatile boolean readWaiting;
  private volatile boolean writeWaiting;
  private boolean drained; // reader only, as are the next two: see timedRead
  private int missedTries;
  private int waitFirstLeft;
  private volatile Duration readTimeout = Duration.ZERO;
  private volatile Duration writeTimeout = Duration.ZERO;
  private volatile long readLimit = Checks.FOREVER;
  private volatile long writeLimit = Checks.FOREVER;
  private volatile long deadlineNanos;
  private volatile Instant deadline;

  /** Loops over {@code transport}; closing either stream closes {@code owner}. */
  TimedIo(Transport transport, Closeable owner) {
    this.transport = transport;
    this.owner = owner;
    this.ends = Errors.ends(transport.localAddress(), transport.remoteAddress());
    this.blocking = transport.isBlocking();
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
          inBlockingRead = false;
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
   * tries keep finding nothing; a try that finds bytes ends that.
   */
  private int timedRead(ByteBuffer dst) throws IOException {
    long start = System.nanoTime();
    boolean waited = false;
    boolean waitFirst = drained && waitFirstLeft > 0;
    if (waitFirst) {
      waitFirstLeft--;
    }
    boolean tryCounts = !waitFirst; // only a first try tells whether bytes tend to be there
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
      bytesRead += n; // one reader at a time
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
          inBlockingWrite = false;
          bytesWritten += total;
        }
      }
      long progress = System.nanoTime();
      while (total < wanted) {
        checkDeadline("write", total);
        long n = transport.write(srcs, offset, length);
        if (n > 0) {
          total += n;
          bytesWritten += n;
          progress = System.nanoTime();
          continue;
        }
        if (!waited) {
          writeWaiting = waited = true;
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

  /** The transport as the input stream that {@link BufferedInput} fills from. */
  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return len == 0 ? 0 : TimedIo.this.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public void close() throws IOException {
      owner.close();
    }
  }

  /** The transport as the sink of {@link BufferedOutput}: gathering writes reach it in one call. */
  final class Out extends OutputStream implements GatheringByteChannel {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      write(new ByteBuffer[] {ByteBuffer.wrap(b, off, len)}, 0, 1);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      return TimedIo.this.write(srcs, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
      return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public boolean isOpen() {
      return !closed;
    }

    @Override
    public void close() throws IOException {
      owner.close();
    }
  }
}
