/**
 * A server: a listener, a strategy that decides which thread serves each connection, and the
 * caller's per-connection session handler.
 */
package dev.socketkit.server;
