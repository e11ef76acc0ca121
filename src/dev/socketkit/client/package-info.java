/**
 * Client-side helpers: a connector that retries with back-off, and full-duplex sessions.
 */
package dev.socketkit.client;
