package dev.socketkit.internal.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event classes live in a package the module does not export: with socketkit as a named
 * module (the tests otherwise run on the class path), JFR still registers and records them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JfrOnTheModulePathTest {
  @TempDir Path dir;

  @Test
  void eventsInTheUnexportedPackageAreRecordedForANamedModule() throws Exception {
    List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    String classes = only(classPath, p -> p.replace('\\', '/').endsWith("target/classes"));
    String testClasses = only(classPath, p -> p.replace('\\', '/').endsWith("target/test-classes"));
    String slf4j = only(classPath, p -> new File(p).getName().startsWith("slf4j-api-"));
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", classes + File.pathSeparator + slf4j, "--add-modules", "dev.socketkit",
        "-cp", testClasses, "jfrcheck.ModulePathMain", dir.resolve("r.jfr").toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      p.getOutputStream().close();
      boolean ended = p.waitFor(90, TimeUnit.SECONDS);
      if (!ended) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      assertThat(ended).as("child JVM ended within 90 s").isTrue();
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("module=dev.socketkit ")
        .contains("socketkit.ConnectAttempt=1", "socketkit.ConnectionOpened=2", "socketkit.ConnectionClosed=1",
            "socketkit.Starvation=1", "socketkit.Shutdown=1");
  }

  private static String only(List<String> entries, java.util.function.Predicate<String> which) throws IOException {
    List<String> found = entries.stream().filter(which).collect(Collectors.toList());
    if (found.size() != 1) {
      throw new IOException("class path entries matching: " + found + " (expected: one) in " + entries);
    }
    return found.get(0);
  }
}
