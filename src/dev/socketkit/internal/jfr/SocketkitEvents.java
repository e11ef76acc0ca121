package dev.socketkit.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The JFR event types socketkit records, named {@code socketkit.*}. Emitted only through {@link
 * Jfr}, which builds no string unless the event is enabled. Stack traces are off: the events say
 * what happened to a socket, and the thread is recorded anyway.
 */
public final class SocketkitEvents {
  private SocketkitEvents() {}

  /** A connect to one address, from its start to its outcome. */
  @Name("socketkit.ConnectAttempt")
  @Label("Connect Attempt")
  @Category({"socketkit", "Client"})
  @Description("A connect to one address made by a Connector; its duration is the time the address was tried")
  @StackTrace(false)
  public static final class ConnectAttempt extends Event {
    @Label("Address") String address;
    @Label("Round") int round;
    @Label("Index") @Description("Position of the address in the round, from 0") int index;
    @Label("Outcome") @Description("CONNECTED, FAILED or CANCELLED") String outcome;
    @Label("Failure") String failure;
  }

  /** A connection opened, by a client's connect or a server's accept. */
  @Name("socketkit.ConnectionOpened")
  @Label("Connection Opened")
  @Category({"socketkit", "Connection"})
  @StackTrace(false)
  public static final class ConnectionOpened extends Event {
    @Label("Side") @Description("client or the server's name") String side;
    @Label("Transport") String transport;
    @Label("Local Address") String local;
    @Label("Remote Address") String remote;
    @Label("Strategy") String strategy;
  }

  /** A served connection, from its opening to its close. */
  @Name("socketkit.ConnectionClosed")
  @Label("Connection Closed")
  @Category({"socketkit", "Connection"})
  @Description("A server session; its duration is the session's")
  @StackTrace(false)
  public static final class ConnectionClosed extends Event {
    @Label("Server") String server;
    @Label("Session") String session;
    @Label("Transport") String transport;
    @Label("Local Address") String local;
    @Label("Remote Address") String remote;
    @Label("Strategy") String strategy;
    @Label("Bytes In") @DataAmount(DataAmount.BYTES) long bytesIn;
    @Label("Bytes Out") @DataAmount(DataAmount.BYTES) long bytesOut;
    @Label("Ended") @Description("completed, cut off, timed out, or failed: <exception>") String ended;
  }

  /** An accepted connection closed without being served. */
  @Name("socketkit.ConnectionRejected")
  @Label("Connection Rejected")
  @Category({"socketkit", "Server"})
  @StackTrace(false)
  public static final class ConnectionRejected extends Event {
    @Label("Server") String server;
    @Label("Remote Address") String remote;
    @Label("Reason") String reason;
  }

  /** A frame refused as too long or corrupt. */
  @Name("socketkit.FrameRejected")
  @Label("Frame Rejected")
  @Category({"socketkit", "Framing"})
  @StackTrace(false)
  public static final class FrameRejected extends Event {
    @Label("Reason") @Description("TOO_LONG or CORRUPT") String reason;
    @Label("Limit") @DataAmount(DataAmount.BYTES) long limit;
    @Label("Length") @Description("The frame's length, or its lower bound when not exact; -1 if unknown")
    @DataAmount(DataAmount.BYTES) long length;
    @Label("Message") String message;
  }

  /** A session handler that threw. */
  @Name("socketkit.HandlerFailed")
  @Label("Handler Failed")
  @Category({"socketkit", "Server"})
  @StackTrace(false)
  public static final class HandlerFailed extends Event {
    @Label("Server") String server;
    @Label("Session") String session;
    @Label("Remote Address") String remote;
    @Label("Exception") String exception;
    @Label("Message") String message;
  }

  /** Every handler or worker of a server is busy, so clients wait: see ServerStats.starved(). */
  @Name("socketkit.Starvation")
  @Label("Handler Starvation")
  @Category({"socketkit", "Server"})
  @Description("Every handler (none can be added), pooled worker or capped virtual thread is busy: clients wait in the backlog or the queue")
  @StackTrace(false)
  public static final class Starvation extends Event {
    @Label("Server") String server;
    @Label("Strategy") String strategy;
  }

  /** A server's shutdown report. */
  @Name("socketkit.Shutdown")
  @Label("Server Shutdown")
  @Category({"socketkit", "Server"})
  @StackTrace(false)
  public static final class Shutdown extends Event {
    @Label("Server") String server;
    @Label("Finished") long finished;
    @Label("Cut Off") int cutOff;
    @Label("Cut Off Sessions") String cutOffSessions;
    @Label("Elapsed") @Timespan(Timespan.NANOSECONDS) long elapsed;
  }
}
