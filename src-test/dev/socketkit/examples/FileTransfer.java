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
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * File transfer from server to client. The client sends a file name and a newline; the server
 * answers with one status byte, and for {@code OK} the file's permission bits, its length, its
 * bytes and their SHA-256:
 *
 * <pre>
 * +--------+------------------+-----------------+--------------+-------------------+
 * | 0 (OK) | mode: 2 bytes    | length: 8 bytes | length bytes | SHA-256: 32 bytes |
 * +--------+------------------+-----------------+--------------+-------------------+
 * | 1 (no such file) |   | 2 (refused: outside the served directory, or not a file name) |
 * </pre>
 *
 * <p>The mode is the file's POSIX permission bits ({@code rwxrwxrwx}, 0 to 0777; setuid, setgid
 * and sticky are never sent), or {@code 0xFFFF} when the server's file system has none. The client
 * writes the bytes to a file, checks the size and the digest, and keeps the file only if both
 * match, with the sent permissions where its file system has POSIX permissions (otherwise its
 * defaults). A name containing NUL, or one the server's file system cannot represent, is refused.
 * Run the self-contained demo with:
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexample=dev.socketkit.examples.FileTransfer -Dexample.args="--demo"
 * </pre>
 *
 * <p>or serve a directory with {@code --serve DIR [--port N] [--until-signal]} (until standard
 * input ends, or with {@code --until-signal} until SIGTERM or Ctrl-C) and fetch with
 * {@code --get NAME --from HOST:PORT --to DIR}.
 */
public final class FileTransfer {
  static final byte OK = 0;
  static final byte NOT_FOUND = 1;
  static final byte REFUSED = 2;
  /** The mode sent for a file whose file system has no POSIX permissions. */
  static final int NO_MODE = 0xFFFF;

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
      Path file = resolve(base, name);
      if (file == null) {
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
        out.writeByte(OK).writeShort(mode(file)).writeLong(Files.size(file));
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
   * Returns {@code name} resolved under {@code base}, or {@code null} if it must be refused: empty,
   * containing NUL (checked before the file system sees it), not a path there, or outside
   * {@code base}.
   */
  static Path resolve(Path base, String name) {
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      return null;
    }
    Path file;
    try {
      file = base.resolve(name).normalize();
    } catch (InvalidPathException e) { // a character this file system cannot name
      return null;
    }
    return file.startsWith(base) && !file.equals(base) ? file : null;
  }

  /** The file's permission bits, or {@link #NO_MODE} where the file system has none. */
  static int mode(Path file) throws IOException {
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (posix == null) {
      return NO_MODE;
    }
    int mode = 0;
    for (PosixFilePermission p : posix.readAttributes().permissions()) {
      mode |= 0400 >> p.ordinal(); // the enum runs OWNER_READ (0400) ... OTHERS_EXECUTE (0001)
    }
    return mode;
  }

  /** Applies {@code mode} to {@code file} where both sides have POSIX permissions. */
  static void applyMode(Path file, int mode) throws IOException {
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (posix == null || mode == NO_MODE) {
      return;
    }
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((mode & (0400 >> p.ordinal())) != 0) {
        permissions.add(p);
      }
    }
    posix.setPermissions(permissions);
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
    int mode = in.readShort() & 0xFFFF;
    if (mode != NO_MODE && mode > 0777) {
      throw new ProtocolException("mode " + Integer.toOctalString(mode) + " for " + name + " (expected: 0 to 0777)");
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
      applyMode(partial, mode);
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
      List<String> options = Arrays.asList(args).subList(2, args.length);
      int portAt = options.indexOf("--port");
      int port = portAt >= 0 && portAt + 1 < options.size() ? Integer.parseInt(options.get(portAt + 1)) : 0;
      boolean untilSignal = options.contains("--until-signal");
      try (Server server = serve(Path.of(args[1]), new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
        out.println("serving " + args[1] + " on " + server.localAddress());
        Serving.serve(server, untilSignal, System.in, out, Duration.ofSeconds(5));
      }
    } else if (args.length == 6 && args[0].equals("--get") && args[2].equals("--from") && args[4].equals("--to")) {
      int colon = args[3].lastIndexOf(':');
      SocketAddress from = new InetSocketAddress(args[3].substring(0, colon), Integer.parseInt(args[3].substring(colon + 1)));
      try (Connection c = Connection.connect(from, Duration.ofSeconds(5))) {
        out.println("saved " + fetch(c, args[1], Path.of(args[5])));
      }
    } else {
      out.println("usage: FileTransfer --demo | --serve DIR [--port N] [--until-signal] | --get NAME --from HOST:PORT --to DIR");
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
