/**
 * socketkit: blocking Java sockets without the pitfalls of the Berkeley socket API.
 *
 * <p>{@link dev.socketkit} holds the connection and listener types, {@code dev.socketkit.framing}
 * the message framings, {@code dev.socketkit.server} the server and its strategies, {@code
 * dev.socketkit.client} the retrying connector and the full-duplex helper, {@code
 * dev.socketkit.datagram} UDP endpoints, the datagram server and client, {@code
 * dev.socketkit.testkit} the tools that break reads on purpose in tests, and {@code
 * dev.socketkit.spi} the transport seam under every connection, for implementers.
 */
module dev.socketkit {
  // Logging facade only; the application picks the binding. Not transitive: no SLF4J type is API.
  requires org.slf4j;
  // Unix-domain peer credentials (UnixDomainPrincipal is in the Connection API) and TCP keep-alive tuning.
  requires transitive jdk.net;

  exports dev.socketkit;
  exports dev.socketkit.framing;
  exports dev.socketkit.server;
  exports dev.socketkit.client;
  exports dev.socketkit.testkit;
  exports dev.socketkit.datagram;
  exports dev.socketkit.spi;
}
