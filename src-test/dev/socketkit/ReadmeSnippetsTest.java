package dev.socketkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every {@code ```java} block of README.md as printed, each as a file of its own, against
 * the library's classes and slf4j-api only (what a user has), with {@code -Xlint:all -Werror};
 * blocks tagged {@code ```java run} are also run and must print, line by line, what the comments
 * after their {@code System.out.println} calls say.
 * An API change that breaks a snippet breaks the build.
 */
class ReadmeSnippetsTest {
  /** A {@code println} with a trailing comment: the comment is what the line prints. */
  private static final Pattern PRINTS = Pattern.compile("(?m)^\\s*System\\.out\\.println\\(.*\\);\\s*//\\s*(.*?)\\s*$");
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "(?m)^public\\s+(?:(?:final|abstract|sealed|non-sealed)\\s+)*(?:class|interface|record|enum)\\s+(\\w+)");
  private static final Pattern ANY_TYPE = Pattern.compile(
      "(?m)^(?:(?:final|abstract|sealed|non-sealed)\\s+)*(?:class|interface|record|enum)\\s+(\\w+)");
  private static final Pattern MODULE = Pattern.compile("(?m)^(?:open\\s+)?module\\s+[\\w.]+\\s*\\{");

  @TempDir Path out;

  /** A fenced code block: where it starts (1-based line of the fence), its info string, its text. */
  record Block(int line, String info, String code) {
    boolean isJava() {
      return info.equals("java") || info.startsWith("java ");
    }

    boolean runs() {
      return info.equals("java run");
    }

    /** The file name javac needs: the public type's, or the first type's, or module-info. */
    String fileName() {
      if (MODULE.matcher(code).find()) {
        return "module-info.java";
      }
      Matcher m = PUBLIC_TYPE.matcher(code);
      if (m.find() || (m = ANY_TYPE.matcher(code)).find()) {
        return m.group(1) + ".java";
      }
      throw new AssertionError("README.md line " + line + ": a java block must be a complete file,"
          + " imports included (a class, interface, record, enum or module declaration), not a fragment");
    }

    String where() {
      return "README.md line " + line;
    }
  }

  /** Splits Markdown into its fenced blocks; fences must start at the beginning of a line. */
  static List<Block> blocks(List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.stripLeading().startsWith("```") && !line.startsWith("```")
          && line.toLowerCase(Locale.ROOT).contains("java")) {
        throw new AssertionError("README.md line " + (i + 1) + ": an indented java fence is not compiled;"
            + " start it at the beginning of the line");
      }
      if (!line.startsWith("```")) {
        continue;
      }
      String info = line.substring(3).strip();
      if (info.toLowerCase(Locale.ROOT).startsWith("java") && !info.equals("java") && !info.equals("java run")) {
        throw new AssertionError("README.md line " + (i + 1) + ": write ```java or ```java run, not ```" + info);
      }
      int start = i;
      StringBuilder code = new StringBuilder();
      for (i++; i < lines.size() && !lines.get(i).equals("```"); i++) {
        code.append(lines.get(i)).append('\n');
      }
      if (i == lines.size()) {
        throw new AssertionError("README.md line " + (start + 1) + ": the code block is never closed");
      }
      blocks.add(new Block(start + 1, info, code.toString()));
    }
    return blocks;
  }

  static List<Block> readmeJavaBlocks() {
    Path readme = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "README.md");
    try {
      return blocks(Files.readAllLines(readme, StandardCharsets.UTF_8)).stream()
          .filter(Block::isJava).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + readme, e);
    }
  }

  /** The library's classes and slf4j-api: what a user of the jar compiles against. */
  private static String libraryPath() {
    return List.of(Connection.class, org.slf4j.Logger.class).stream()
        .map(ReadmeSnippetsTest::location).collect(Collectors.joining(java.io.File.pathSeparator));
  }

  private static String location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("where " + c + " comes from", e);
    }
  }

  /**
   * Compiles one block, written to {@code dir/src/<its file name>}, into {@code dir}; returns
   * javac's errors and warnings, each with its line in README.md. (javac through
   * {@link java.util.spi.ToolProvider}, which needs no module beyond java.base.)
   */
  private static List<String> compile(Block block, Path dir) throws IOException {
    java.util.spi.ToolProvider javac = java.util.spi.ToolProvider.findFirst("javac")
        .orElseThrow(() -> new AssertionError("no javac: tests run on a JDK, not a JRE"));
    String fileName = block.fileName();
    Path source = Files.createDirectories(dir.resolve("src")).resolve(fileName);
    Files.writeString(source, block.code(), StandardCharsets.UTF_8);
    List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-Xlint:all,-try", "-Werror",
        "-encoding", "UTF-8", "-d", dir.toString(),
        fileName.equals("module-info.java") ? "--module-path" : "-classpath", libraryPath(), source.toString()));
    StringWriter output = new StringWriter();
    int status;
    try (PrintWriter w = new PrintWriter(output)) {
      status = javac.run(w, w, args.toArray(new String[0]));
    }
    List<String> problems = new ArrayList<>();
    Pattern located = Pattern.compile("^" + Pattern.quote(source.toString()) + ":(\\d+): (.*)$");
    for (String line : output.toString().split("\\R")) {
      Matcher m = located.matcher(line);
      if (m.matches()) {
        problems.add("README.md line " + (block.line() + Integer.parseInt(m.group(1))) + " (" + fileName + "): "
            + m.group(2));
      } else if (!problems.isEmpty() && !line.isBlank() && !line.matches("\\d+ (error|warning)s?")) {
        int last = problems.size() - 1;
        problems.set(last, problems.get(last) + " | " + line.strip()); // javac's detail: symbol, location
      }
    }
    if (status != 0 && problems.isEmpty()) {
      problems.add(block.where() + ": javac failed: " + output);
    }
    return problems;
  }

  @Test
  void everyJavaBlockCompilesAsPrinted() throws IOException {
    List<Block> blocks = readmeJavaBlocks();
    List<String> problems = new ArrayList<>();
    for (Block block : blocks) {
      problems.addAll(compile(block, Files.createDirectories(out.resolve("line-" + block.line()))));
    }
    assertThat(problems).as("javac on the README's java blocks").isEmpty();
  }

  @Test
  void theReadmeShowsAModuleRunnableExamplesAndCompleteFilesElsewhere() {
    List<Block> blocks = readmeJavaBlocks();
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(6);
    assertThat(blocks).extracting(Block::fileName).contains("module-info.java", "QuickStart.java");
    assertThat(blocks).filteredOn(Block::runs).extracting(Block::fileName)
        .containsExactlyInAnyOrder("QuickStart.java", "LineChunks.java", "Limits.java", "InMemoryCheck.java",
            "PingPong.java");
    for (Block block : blocks) {
      if (!block.fileName().equals("module-info.java")) {
        assertThat(block.code()).as(block.where() + " shows its imports").contains("import ");
      }
    }
  }

  @Test
  void runBlocksPrintWhatTheReadmeSays() throws Exception {
    for (Block block : readmeJavaBlocks()) {
      if (!block.runs()) {
        continue;
      }
      Path dir = Files.createDirectories(out.resolve("run-" + block.line()));
      assertThat(compile(block, dir)).as(block.where()).isEmpty();
      String name = block.fileName().replace(".java", "");
      assertThat(run(dir, name)).as(block.where() + ": what " + name + " prints").isEqualTo(expectedOutput(block));
    }
  }

  /** What a run block says it prints: the comments after its printlns, one line each. */
  static String expectedOutput(Block block) {
    StringBuilder expected = new StringBuilder();
    for (Matcher m = PRINTS.matcher(block.code()); m.find(); ) {
      expected.append(m.group(1)).append('\n');
    }
    assertThat(expected).as(block.where() + ": a run block says what it prints (System.out.println(...); // WHAT)")
        .isNotEmpty();
    return expected.toString();
  }

  /** Runs {@code name}'s main with standard output captured, within a generous bound. */
  private static String run(Path dir, String name) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        ReadmeSnippetsTest.class.getClassLoader());
        PrintStream captured = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      Method main = loader.loadClass(name).getMethod("main", String[].class);
      System.setOut(captured);
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> main.invoke(null, (Object) new String[0]));
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void extractionRefusesWhatItCannotCompileFaithfully() {
    assertThat(blocks(List.of("text", "```java", "class A {}", "```", "```", "plain", "```")))
        .extracting(Block::line, Block::info).containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, "java"), org.assertj.core.groups.Tuple.tuple(5, ""));
    assertThatThrownBy(() -> blocks(List.of("```java", "class A {}")))
        .hasMessageContaining("line 1: the code block is never closed");
    assertThatThrownBy(() -> blocks(List.of("```Java", "class A {}", "```")))
        .hasMessageContaining("line 1: write ```java");
    assertThatThrownBy(() -> blocks(List.of("- item", "  ```java", "class A {}", "  ```")))
        .hasMessageContaining("line 2: an indented java fence");
    assertThat(expectedOutput(new Block(1, "java run",
        "class A {\n  void m() {\n    System.out.println(x); // X\n    System.out.println(y);   //   Y Z  \n  }\n}\n")))
        .isEqualTo("X\nY Z\n");
    assertThatThrownBy(() -> new Block(7, "java", "Server s = Server.of(a, b, c);\n").fileName())
        .hasMessageContaining("line 7: a java block must be a complete file");
  }
}
