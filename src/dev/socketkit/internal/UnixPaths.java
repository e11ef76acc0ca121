package dev.socketkit.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Unix-domain socket path rules: the length limit and stale socket files. */
final class UnixPaths {
  private static final Logger log = LoggerFactory.getLogger(UnixPaths.class);

  /** Usable bytes of {@code sun_path}: 108 on Linux (and Windows), 104 on macOS and the BSDs, less the NUL. */
  static final int MAX_PATH_BYTES =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).matches(".*(linux|windows).*") ? 107 : 103;

  private UnixPaths() {}

  /** Refuses a path longer than the platform allows, before any system call sees it. */
  static void checkLength(String op, UnixDomainSocketAddress address) throws SocketException {
    String path = address.getPath().toString();
    String enc = System.getProperty("sun.jnu.encoding");
    Charset cs = enc != null && Charset.isSupported(enc) ? Charset.forName(enc) : StandardCharsets.UTF_8;
    int bytes = path.getBytes(cs).length;
    if (bytes > MAX_PATH_BYTES) {
      throw new SocketException(op + " " + path + ": unix-domain socket path too long: " + bytes
          + " bytes (the platform allows at most " + MAX_PATH_BYTES + ")");
    }
  }

  /**
   * Deletes a socket file left behind by a dead process. A file that is not a socket, or a socket
   * that a live server still accepts on, is left alone and reported as a {@link BindException}.
   */
  static void replaceStale(UnixDomainSocketAddress address) throws IOException {
    Path path = address.getPath();
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return;
    }
    if (!attrs.isOther()) {
      throw new BindException("bind " + path + ": address in use (a file that is not a socket exists there)");
    }
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(address);
    } catch (ConnectException e) {
      // Nobody accepts there: the socket file is stale.
      if (Files.deleteIfExists(path)) {
        log.info("bind {}: replaced a stale socket file left by a process that is gone", path);
      }
      return;
    } catch (SocketException e) {
      throw new BindException("bind " + path + ": address in use (" + e.getMessage() + ")");
    }
    throw new BindException("bind " + path + ": address in use (a live server is listening)");
  }
}
