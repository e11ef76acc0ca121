/**
 * For implementers of transports: {@link dev.socketkit.spi.Transport}, the small seam under
 * {@link dev.socketkit.Connection}. Code that reads and writes uses {@code Connection}; code that
 * moves bytes some new way (TLS over another transport, a recording or fault-injecting wrapper)
 * implements {@code Transport} and gets the whole {@code Connection} contract from {@link
 * dev.socketkit.Connection#of(dev.socketkit.spi.Transport, dev.socketkit.ConnectionOptions)}.
 */
package dev.socketkit.spi;
