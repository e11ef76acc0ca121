/**
 * Message framings over a byte stream: length-prefixed, delimited, fixed-length and custom.
 */
package dev.socketkit.framing;
