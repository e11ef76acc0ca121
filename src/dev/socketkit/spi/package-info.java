/**
 * For implementers of transports: {@link dev.socketkit.spi.Transport}, the small seam under
 * {@link dev.socketkit.Connection}. Code that reads and writes uses {@code Connection}; code that
 * moves bytes some new way (TLS over another transport, a recording or fault-injecting wrapper)
 * implements {@code Transport} and gets the whole {@code Connection} contract from {@link
 * dev.socketkit.Connection#of(dev.socketkit.spi.Transport, dev.socketkit.ConnectionOptions)}.
 *
 * <p>Why it is exported: the test kit's in-memory pair (another package) implements it, a TLS
 * transport will wrap another transport and a PROXY-protocol listener will set the remote address,
 * and users can then write transports of their own; all of them get the connection contract
 * (time limits, deadline, messages, close) written once instead of copying it. It lives apart
 * from {@code dev.socketkit} so that callers never meet it, and it may still change before 1.0
 * (the time-limit work planned for the fast path may add a timed blocking read).
 */
package dev.socketkit.spi;
