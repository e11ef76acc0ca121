package dev.socketkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketkit.Connection;
import dev.socketkit.Leaks;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the serving example as a user would, in a JVM of its own with standard input at
 * {@code /dev/null} (nohup, {@code &}, CI, a service manager) and slf4j-simple as its logger, as
 * {@code mvn -q test-compile exec:exec} runs it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExampleProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("(?m)^listening on /127\\.0\\.0\\.1:(\\d+) ");

  /** A child JVM with its standard output and error collected line by line. */
  private static final class Child implements AutoCloseable {
    final Process process;
    final List<String> out = new ArrayList<>();
    final List<String> err = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    Child(Class<?> main, String... args) throws IOException {
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath(), main.getName()));
      command.addAll(List.of(args));
      process = new ProcessBuilder(command).redirectInput(new File("/dev/null")).start();
      outReader = collect(process.getInputStream(), out, "child-stdout");
      errReader = collect(process.getErrorStream(), err, "child-stderr");
    }

    private static Thread collect(InputStream from, List<String> into, String name) {
      Thread t = new Thread(() -> {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
          for (String line; (line = lines.readLine()) != null; ) {
            synchronized (into) {
              into.add(line);
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(name, e);
        }
      }, name);
      t.start();
      return t;
    }

    static String text(List<String> lines) {
      synchronized (lines) {
        return String.join("\n", lines) + "\n";
      }
    }

    /** Waits until standard output matches {@code pattern}; returns the match. */
    Matcher awaitOut(Pattern pattern) {
      boolean seen = Leaks.await(() -> pattern.matcher(text(out)).find() || !process.isAlive(), WAIT);
      Matcher m = pattern.matcher(text(out));
      assertThat(seen && m.find()).as("child printed %s; stdout:%n%s%nstderr:%n%s", pattern, text(out), text(err))
          .isTrue();
      return m;
    }

    /** Waits for the process to end and for its output to be read to the end. */
    boolean awaitExit() throws InterruptedException {
      boolean ended = process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      outReader.join(WAIT.toMillis());
      errReader.join(WAIT.toMillis());
      return ended && !outReader.isAlive() && !errReader.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      awaitExit();
    }
  }

  /** Test classes, library classes, slf4j-api and slf4j-simple: what exec:exec puts on the class path. */
  private static String classPath() {
    return Stream.of(UpperCaseDemo.class, dev.socketkit.Connection.class, org.slf4j.Logger.class,
            org.slf4j.simple.SimpleLogger.class)
        .map(c -> {
          try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
          } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
          }
        })
        .distinct().collect(Collectors.joining(File.pathSeparator));
  }

  @Test
  void serveUntilSignalOutlivesAnEmptyStandardInputAndShutsDownCleanlyOnSigterm() throws Exception {
    try (Child child = new Child(UpperCaseDemo.class, "--serve", "--until-signal")) {
      int port = Integer.parseInt(child.awaitOut(LISTENING).group(1));
      child.awaitOut(Pattern.compile("(?m)^serving until SIGTERM or Ctrl-C$"));
      InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
      assertThat(UpperCaseDemo.ask(server, "first")).isEqualTo("FIRST");
      assertThat(UpperCaseDemo.ask(server, "second")).isEqualTo("SECOND");
      assertThat(child.process.isAlive()).as("still serving after standard input ended").isTrue();

      // SIGTERM; Process.destroy() would also close our end of its output pipes
      assertThat(child.process.toHandle().destroy()).isTrue();
      assertThat(child.awaitExit()).as("ended within %s of SIGTERM", WAIT).isTrue();
      String out = Child.text(child.out);
      assertThat(out).contains("stopping: signal received", "completed=2", "ShutdownReport{", "cutOff=[]");
      // slf4j-simple's INFO lines are visible, as under exec:exec
      assertThat(Child.text(child.err)).contains("INFO Server - upper: listening on", "INFO Server - upper: shut down:");
      try (Connection c = Connection.connect(server, Duration.ofSeconds(5))) {
        throw new AssertionError("still listening after SIGTERM: " + c);
      } catch (dev.socketkit.ConnectionRefusedException expected) {
        assertThat(expected).hasMessageContaining(String.valueOf(port));
      }
    }
  }

  @Test
  void serveWithoutUntilSignalEndsWithItsStandardInput() throws Exception {
    try (Child child = new Child(UpperCaseDemo.class, "--serve")) {
      assertThat(child.awaitExit()).as("ended when standard input (/dev/null) ended").isTrue();
      assertThat(child.process.exitValue()).isZero();
      assertThat(Child.text(child.out)).contains(Serving.banner(false), "stopping: standard input ended", "completed=0",
          "ShutdownReport{");
    }
  }
}
