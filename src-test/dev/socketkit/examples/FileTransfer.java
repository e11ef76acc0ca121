package dev.socketkit.examples;

import dev.socketkit.BufferedInput;
import dev.socketkit.BufferedOutput;
import dev.socketkit.Connection;
import dev.socketkit.framing.FrameReader;
import dev.socketkit.framing.FrameWriter;
import dev.socketkit.framing.Framing;
import dev.socketkit.server.Server;
import dev.socketkit.server.ServerOptions;
import dev.socketkit.server.SessionHandler;
import dev.socketkit.server.Strategy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * File transfer from server to client. The client sends a file name and a newline; the server
 * answers with one status byte, and for {@code OK} the file's length, its bytes and their SHA-256:
 *
 * <pre>
 * +--------+----------------+----------------+-------------------+
 * | 0 (OK) | length: 8 bytes| length bytes   | SHA-256: 32 bytes |
 * +--------+----------------+----------------+-------------------+
 * | 1 (no such file) |   | 2 (refused: outside the served directory) |
 * </pre>
 *
 * <p>The client writes the bytes to a file, checks the size and the digest, and keeps the file
 * only if both match. Run the self-contained demo with:
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexample=dev.socketkit.examples.FileTransfer -Dexample.args="--demo"
 * </pre>
 *
 * <p>or serve a directory with {@code --serve DIR [--port N]} (until standard input ends) and
 * fetch with {@code --get NAME --from HOST:PORT --to DIR}.
 */
public final class FileTransfer {
  static final byte OK = 0;
  static final byte NOT_FOUND = 1;
  static final byte REFUSED = 2;

  private FileTransfer() {}

  /** Serves the regular files under {@code root}; names that lead outside it are refused. */
  public static SessionHandler handler(Path root) throws IOException {
    Path base = root.toRealPath();
    return connection -> {
      String name = FrameReader.of(connection, Framing.lines()).readText(StandardCharsets.UTF_8);
      if (name == null) {
        return;
      }
      BufferedOutput out = connection.output();
      Path file = base.resolve(name).normalize();
      if (name.isEmpty() || name.indexOf('\0') >= 0 || !file.startsWith(base) || file.equals(base)) {
        out.writeByte(REFUSED).flush();
        return;
      }
      if (!Files.isRegularFile(file)) {
        out.writeByte(NOT_FOUND).flush();
        return;
      }
      if (!file.toRealPath().startsWith(base)) { // a symbolic link out of the directory
        out.writeByte(REFUSED).flush();
        return;
      }
      MessageDigest sha = sha256();
      try (InputStream in = Files.newInputStream(file)) {
        out.writeByte(OK).writeLong(Files.size(file));
        in.transferTo(new DigestOutputStream(out.asOutputStream(), sha) {
          @Override
          public void close() {
            // the connection stays open for the digest
          }
        });
      }
      out.write(sha.digest()).flush();
    };
  }

  /**
   * Asks for {@code name} and stores it in {@code destination} under its own file name, after
   * checking its size and SHA-256.
   *
   * @throws NoSuchFileException if the server has no such file
   * @throws AccessDeniedException if the server refused the name
   * @throws dev.socketkit.EndOfStreamException if the file arrived short
   * @throws ProtocolException if the digest does not match
   */
  public static Path fetch(Connection c, String name, Path destination) throws IOException {
    FrameWriter.of(c, Framing.lines()).writeText(name, StandardCharsets.UTF_8).flush();
    BufferedInput in = c.input();
    byte status = in.readByte();
    if (status == NOT_FOUND) {
      throw new NoSuchFileException(name, null, "no such file on " + c.remoteAddress());
    } else if (status == REFUSED) {
      throw new AccessDeniedException(name, null, "refused by " + c.remoteAddress());
    } else if (status != OK) {
      throw new ProtocolException("unknown status " + status + " for " + name);
    }
    long length = in.readLong();
    Path target = destination.resolve(Path.of(name).getFileName().toString());
    Path partial = Files.createTempFile(destination, "partial-", ".tmp");
    MessageDigest sha = sha256();
    try {
      try (OutputStream file = new DigestOutputStream(Files.newOutputStream(partial), sha)) {
        byte[] buf = new byte[8192];
        for (long left = length; left > 0; ) {
          int n = (int) Math.min(buf.length, left);
          in.readFully(buf, 0, n); // a short file throws EndOfStreamException
          file.write(buf, 0, n);
          left -= n;
        }
      }
      byte[] expected = in.readFully(32);
      if (Files.size(partial) != length || !Arrays.equals(expected, sha.digest())) {
        throw new ProtocolException("SHA-256 of " + name + " does not match: expected "
            + HexFormat.of().formatHex(expected));
      }
      return Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public static void main(String[] args) throws Exception {
    run(args, System.out);
  }

  /** Runs the example with {@code args}, printing to {@code out}. */
  public static void run(String[] args, PrintStream out) throws Exception {
    if (args.length == 1 && args[0].equals("--demo")) {
      demo(out);
    } else if (args.length >= 2 && args[0].equals("--serve")) {
      int port = args.length == 4 && args[2].equals("--port") ? Integer.parseInt(args[3]) : 0;
      try (Server server = serve(Path.of(args[1]), new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
        out.println("serving " + args[1] + " on " + server.localAddress() + " until standard input ends");
        System.in.transferTo(OutputStream.nullOutputStream());
      }
    } else if (args.length == 6 && args[0].equals("--get") && args[2].equals("--from") && args[4].equals("--to")) {
      int colon = args[3].lastIndexOf(':');
      SocketAddress from = new InetSocketAddress(args[3].substring(0, colon), Integer.parseInt(args[3].substring(colon + 1)));
      try (Connection c = Connection.connect(from, Duration.ofSeconds(5))) {
        out.println("saved " + fetch(c, args[1], Path.of(args[5])));
      }
    } else {
      out.println("usage: FileTransfer --demo | --serve DIR [--port N] | --get NAME --from HOST:PORT --to DIR");
    }
  }

  static Server serve(Path root, SocketAddress address) throws IOException {
    ServerOptions options = ServerOptions.builder().name("files").idleTimeout(Duration.ofSeconds(30)).build();
    return Server.of(address, Strategy.pooled(4, 16, dev.socketkit.server.Overflow.WAIT), options, handler(root)).start();
  }

  private static void demo(PrintStream out) throws Exception {
    Path work = Files.createTempDirectory("file-transfer");
    Path served = Files.createDirectory(work.resolve("served"));
    Path received = Files.createDirectory(work.resolve("received"));
    byte[] content = new byte[300_000];
    new java.util.SplittableRandom(1).nextBytes(content);
    Files.write(served.resolve("data.bin"), content);
    Files.writeString(work.resolve("secret.txt"), "not for you", StandardCharsets.UTF_8);
    try (Server server = serve(served, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      try (Connection c = Connection.connect(server.localAddress(), Duration.ofSeconds(5))) {
        Path got = fetch(c, "data.bin", received);
        out.println("fetched " + got.getFileName() + ": " + Files.size(got) + " bytes, SHA-256 "
            + HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(got))));
      }
      try (Connection c = Connection.connect(server.localAddress(), Duration.ofSeconds(5))) {
        fetch(c, "../secret.txt", received);
      } catch (AccessDeniedException e) {
        out.println("refused ../secret.txt: " + e.getReason());
      }
    } finally {
      try (var all = Files.walk(work)) {
        for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
          Files.delete(p);
        }
      }
    }
  }
}
