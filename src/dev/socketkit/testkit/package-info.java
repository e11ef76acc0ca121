/**
 * Test tools that break reads on purpose: splitting input streams, in-memory connection pairs and
 * a fragmenting loopback relay.
 */
package dev.socketkit.testkit;
