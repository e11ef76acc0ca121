package dev.socketkit.examples;

import dev.socketkit.Async;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.Connection;
import dev.socketkit.Listener;
import dev.socketkit.framing.TooLongFrameException;
import dev.socketkit.logs.CapturedLogs;
import dev.socketkit.server.Server;
import dev.socketkit.server.Strategy;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.event.Level;

/** Runs each example the way its {@code main} does, and checks what it says. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExamplesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path dir;

  private static String capture(ThrowingConsumer<PrintStream> body) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      body.accept(out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  interface ThrowingConsumer<T> {
    void accept(T t) throws Exception;
  }

  static List<String> strategyNames() {
    return Strategy.names();
  }

  @ParameterizedTest
  @MethodSource("strategyNames")
  void upperCaseServerAnswersUnderEveryStrategy(String strategy) throws Exception {
    String[] args = {"--strategy", strategy, "--clients", "3"};
    if (strategy.equals("virtual") && !Strategy.virtualThreadsAvailable()) {
      assertThatThrownBy(() -> UpperCaseDemo.run(args, System.out))
          .isInstanceOf(UnsupportedOperationException.class);
      return;
    }
    String output = capture(out -> UpperCaseDemo.run(args, out));
    assertThat(output).contains("> hello from client 1\n< HELLO FROM CLIENT 1\n",
        "< HELLO FROM CLIENT 2", "< HELLO FROM CLIENT 3",
        "completed=3", "cutOff=[]");
  }

  @Test
  void badClientsAreLoggedOneLineEachAndServingGoesOn() throws Exception {
    String output = capture(out -> UpperCaseDemo.run(new String[] {"--clients", "1", "--bad-clients"}, out));
    assertThat(output).contains("< HELLO FROM CLIENT 1", "completed=1", "failed=2", "timedOut=1");
    assertThat(CapturedLogs.awaitEvent(Level.INFO, "client went away", WAIT).thrown()).isNull();
    var tooLong = CapturedLogs.awaitEvent(Level.INFO, "protocol error", WAIT);
    assertThat(tooLong.thrown()).isNull();
    assertThat(tooLong.message()).matches("upper-\\d+ client 127\\.0\\.0\\.1:\\d+ on 127\\.0\\.0\\.1:\\d+: protocol error: "
        + TooLongFrameException.class.getName() + ": frame of at least 8193 bytes exceeds maxFrameBytes 8192");
    assertThat(CapturedLogs.events()).noneMatch(e -> e.level() == Level.WARN);
    assertThat(CapturedLogs.awaitEvent(Level.INFO, "timed out", WAIT).message()).contains("read timeout");
  }

  @Test
  void servingUntilStandardInputEndsPrintsStatsForEachLine() throws Exception {
    try (Server server = Server.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        Strategy.threadPerConnection(), UpperCaseDemo.HANDLER).start()) {
      assertThat(UpperCaseDemo.ask(server.localAddress(), "one")).isEqualTo("ONE");
      InputStream typed = new ByteArrayInputStream("\n".getBytes(StandardCharsets.UTF_8)); // Enter, then Ctrl-D
      String output = capture(out -> Serving.serve(server, false, typed, out, Duration.ofSeconds(5)));
      assertThat(output.split("ServerStats\\{", -1)).as("stats after Enter and at the end").hasSize(3);
      assertThat(output).startsWith(Serving.banner(false)).contains("stopping: standard input ended",
          "completed=1", "ShutdownReport{");
    }
  }

  @Test
  void upperCaseServerRefusesAnUnknownStrategy() {
    assertThatThrownBy(() -> UpperCaseDemo.strategy("forking"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strategy: \"forking\" (expected: a name of [iterative,");
  }

  @Test
  void chatPartiesSeeEachOthersLinesAndEndWhenBothAreDone() throws Exception {
    try (Listener l = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Connection alice = Connection.connect(l.localAddress(), Duration.ofSeconds(5));
        Connection bob = l.accept()) {
      CompletableFuture<String> bobSaw = Async.supply(() -> {
        try {
          return capture(out -> Chat.chat(bob, new BufferedReader(new StringReader("hi alice\nbye\n")), out));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      String aliceSaw = capture(out -> Chat.chat(alice,
          new BufferedReader(new StringReader("hello bob\nhow are you?\n")), out));
      assertThat(aliceSaw).contains("> hi alice\n> bye\n(the other side is done)");
      assertThat(bobSaw.get(30, TimeUnit.SECONDS))
          .contains("> hello bob\n> how are you?\n(the other side is done)");
    }
  }

  @Test
  void fileTransferDeliversTheFileAndRefusesNamesOutsideTheDirectory() throws Exception {
    Path served = Files.createDirectory(dir.resolve("served"));
    Path received = Files.createDirectory(dir.resolve("received"));
    byte[] content = new byte[200_003];
    new SplittableRandom(7).nextBytes(content);
    Files.write(served.resolve("data.bin"), content);
    Files.writeString(dir.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(served.resolve("link.txt"), dir.resolve("secret.txt"));
    try (Server server = FileTransfer.serve(served, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      assertThat(Files.readAllBytes(fetch(server, "data.bin", received))).isEqualTo(content);
      for (String escaping : new String[] {"../secret.txt", "/etc/passwd", "link.txt", "..", ""}) {
        assertThatThrownBy(() -> fetch(server, escaping, received))
            .as(escaping).isInstanceOf(AccessDeniedException.class);
      }
      assertThatThrownBy(() -> fetch(server, "missing.bin", received)).isInstanceOf(NoSuchFileException.class);
    }
    try (var left = Files.list(received)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("data.bin");
    }
  }

  @Test
  void fileTransferRefusesNamesWithNulWithItsStatusByte() throws Exception {
    Path served = Files.createDirectory(dir.resolve("served"));
    Files.writeString(served.resolve("data.bin"), "data");
    try (Server server = FileTransfer.serve(served, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      for (String withNul : new String[] {"data.bin\0", "\0", "sub/\0/../data.bin"}) {
        // AccessDeniedException: the REFUSED status byte arrived (a closed connection would be EndOfStreamException)
        assertThatThrownBy(() -> fetch(server, withNul, dir))
            .as(withNul.replace("\0", "\\0")).isInstanceOf(AccessDeniedException.class);
      }
      assertThat(server.stats().failed()).isZero();
    }
  }

  @Test
  void fileTransferKeepsTheSourcesPermissions() throws Exception {
    Path served = Files.createDirectory(dir.resolve("served"));
    Path received = Files.createDirectory(dir.resolve("received"));
    try (Server server = FileTransfer.serve(served, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      for (String mode : new String[] {"rwxr-x---", "rw----r--", "r--------", "rwxrwxrwx"}) {
        Path source = Files.writeString(served.resolve("file-" + mode), mode);
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString(mode));
        Path got = fetch(server, source.getFileName().toString(), received);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(got))).isEqualTo(mode);
        assertThat(Files.readString(got)).isEqualTo(mode);
      }
    }
  }

  private static Path fetch(Server server, String name, Path to) throws IOException {
    try (Connection c = Connection.connect(server.localAddress(), Duration.ofSeconds(5))) {
      c.setReadTimeout(Duration.ofSeconds(20));
      return FileTransfer.fetch(c, name, to);
    }
  }

  @Test
  void fileTransferDemoFetchesAndIsRefused() throws Exception {
    String output = capture(out -> FileTransfer.run(new String[] {"--demo"}, out));
    assertThat(output).contains("fetched data.bin: 300000 bytes, SHA-256 ", "refused ../secret.txt");
  }

  @Test
  void timeOfDayAnswersOverUdpAndTcpWithOneLine() throws Exception {
    java.time.Clock fixed = java.time.Clock.fixed(java.time.Instant.parse("2026-12-01T23:33:00Z"), java.time.ZoneOffset.UTC);
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (dev.socketkit.datagram.DatagramServer udp = TimeOfDay.udpServer(any, fixed);
        Server tcp = TimeOfDay.tcpServer(any, fixed)) {
      assertThat(TimeOfDay.askUdp(udp.localAddress())).isEqualTo("Tue, 1 Dec 2026 23:33:00 GMT");
      assertThat(TimeOfDay.askTcp((InetSocketAddress) tcp.localAddress())).isEqualTo("Tue, 1 Dec 2026 23:33:00 GMT");
      // Like socat or nc -u: a plain datagram, whatever it holds, gets the line.
      try (dev.socketkit.datagram.DatagramEndpoint raw = dev.socketkit.datagram.DatagramEndpoint.bind(any)) {
        raw.send("what time is it?".getBytes(StandardCharsets.UTF_8), udp.localAddress());
        assertThat(raw.receive(Duration.ofSeconds(10)).text(StandardCharsets.UTF_8))
            .isEqualTo("Tue, 1 Dec 2026 23:33:00 GMT\n");
      }
    }
  }

  @Test
  void timeOfDayDemoAsksBothServers() throws Exception {
    String output = capture(out -> TimeOfDay.run(new String[0], System.in, out));
    assertThat(output).containsPattern("udp < \\w{3}, \\d+ \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT")
        .containsPattern("tcp < \\w{3}, ").contains("DatagramShutdownReport{", "cutOff=[]");
  }

  @Test
  void timeOfDayServesOnOnePortUntilStandardInputEnds() throws Exception {
    java.io.PipedOutputStream stdin = new java.io.PipedOutputStream();
    java.io.PipedInputStream in = new java.io.PipedInputStream(stdin);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    CompletableFuture<Void> serving = Async.run(() -> {
      try {
        TimeOfDay.run(new String[] {"--serve", "--port", "0"}, in, out);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      assertThat(dev.socketkit.Leaks.await(() -> bytes.toString(StandardCharsets.UTF_8).contains("serving until"),
          Duration.ofSeconds(90))).as(bytes.toString(StandardCharsets.UTF_8)).isTrue();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("udp and tcp 127.0.0.1:(\\d+)")
          .matcher(bytes.toString(StandardCharsets.UTF_8));
      assertThat(m.find()).isTrue();
      int port = Integer.parseInt(m.group(1));
      String udp = capture(o -> TimeOfDay.run(new String[] {"--client", "udp", "--port", "" + port}, System.in, o));
      String tcp = capture(o -> TimeOfDay.run(new String[] {"--client", "tcp", "--port", "" + port}, System.in, o));
      assertThat(udp).endsWith(" GMT\n");
      assertThat(tcp).endsWith(" GMT\n");
    } finally {
      stdin.close(); // standard input ends: the server shuts down
    }
    serving.get(30, TimeUnit.SECONDS);
    // The UDP client returns when the reply arrives, which can be just before the server counts the
    // datagram as handled: it is then counted as one handled during the grace period.
    assertThat(bytes.toString(StandardCharsets.UTF_8)).containsPattern("DatagramShutdownReport\\{handled=[01], dropped=0, cutOff=\\[\\]");
    assertThatThrownBy(() -> TimeOfDay.run(new String[] {"--client", "sctp", "--port", "1"}, System.in, System.out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--client sctp");
  }
}
