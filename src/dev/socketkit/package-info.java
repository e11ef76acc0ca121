/**
 * Connections and listeners over TCP (IPv4 and IPv6) and Unix-domain stream sockets.
 *
 * <p>{@link dev.socketkit.Listener#bind} replaces socket, bind and listen; {@link
 * dev.socketkit.Listener#accept()} and {@link dev.socketkit.Connection#connect} give a {@link
 * dev.socketkit.Connection}, whose {@link dev.socketkit.BufferedInput} reads exactly the bytes a
 * caller asks for and whose time limits bound every blocking call.
 */
package dev.socketkit;
