import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws JMH's JSON results as an SVG bar chart of ratios: {@code java jmh/Chart.java result.json
 * [more.json ...] out.svg [table.md]}, optionally also writing the same ratios as a Markdown table.
 * Several result files (for example one run per benchmark family) are charted together, each
 * group labelled with its file (or with {@code LABEL} given as {@code LABEL=result.json}), so a
 * ratio is only ever taken within one run. Results are grouped by benchmark and by every parameter except the one that names the
 * implementation; each bar is an implementation's score relative to the group's baseline, so
 * longer is better everywhere: throughput / baseline throughput, or baseline p50 / p50 for
 * latency (SampleTime) results. Baselines: the raw-JDK server ({@code server=raw-jdk}) for the
 * network benchmarks, Netty's decoder or encoder (method {@code netty}) for framing. A single-file
 * source program with its own small JSON reader, so it needs nothing but a JDK.
 */
public final class Chart {
  private static final int WIDTH = 960;
  private static final int LABEL = 330;
  private static final int ROW = 18;

  record Result(String group, String impl, double score, boolean higherIsBetter, String unit) {}

  public static void main(String[] args) throws IOException {
    List<String> inputs = new ArrayList<>();
    String svgOut = null;
    String mdOut = null;
    for (String a : args) {
      if (a.endsWith(".json")) {
        inputs.add(a);
      } else if (a.endsWith(".svg")) {
        svgOut = a;
      } else if (a.endsWith(".md")) {
        mdOut = a;
      }
    }
    if (inputs.isEmpty() || svgOut == null) {
      System.err.println("usage: java jmh/Chart.java result.json [more.json ...] out.svg [table.md]");
      System.exit(2);
    }
    Map<String, List<Result>> groups = new TreeMap<>();
    List<String> sources = new ArrayList<>();
    for (String in : inputs) {
      int eq = in.indexOf('=');
      String file = eq < 0 ? in : in.substring(eq + 1);
      String name = Path.of(file).getFileName().toString();
      String label = eq < 0 ? name.substring(0, name.length() - ".json".length()) : in.substring(0, eq);
      sources.add(name);
      Object json = new Json(Files.readString(Path.of(file), StandardCharsets.UTF_8)).value();
      for (Object o : (List<?>) json) {
        Result r = result((Map<?, ?>) o);
        String group = inputs.size() > 1 ? "[" + label + "] " + r.group : r.group;
        groups.computeIfAbsent(group, g -> new ArrayList<>()).add(r);
      }
    }
    Files.writeString(Path.of(svgOut), svg(groups, String.join(", ", sources)), StandardCharsets.UTF_8);
    if (mdOut != null) {
      Files.writeString(Path.of(mdOut), markdown(groups), StandardCharsets.UTF_8);
    }
    System.out.println("wrote " + svgOut + ": " + groups.size() + " groups");
  }

  static Result result(Map<?, ?> r) {
    String bench = (String) r.get("benchmark");
    String cls = bench.substring(0, bench.lastIndexOf('.'));
    String method = bench.substring(bench.lastIndexOf('.') + 1);
    cls = cls.substring(cls.lastIndexOf('.') + 1).replace("Benchmark", "");
    Map<String, String> params = new TreeMap<>();
    Object p = r.get("params");
    if (p instanceof Map<?, ?> m) {
      m.forEach((k, v) -> params.put((String) k, (String) v));
    }
    String impl;
    String name = cls;
    if (params.containsKey("server")) {
      impl = params.remove("server");
      name += "." + method;
    } else {
      impl = method;
    }
    StringBuilder group = new StringBuilder(name);
    params.forEach((k, v) -> group.append(' ').append(k).append('=').append(v));
    Map<?, ?> primary = (Map<?, ?>) r.get("primaryMetric");
    String mode = (String) r.get("mode");
    double score = ((Number) primary.get("score")).doubleValue();
    String unit = (String) primary.get("scoreUnit");
    boolean higher = mode.equals("thrpt");
    if (mode.equals("sample")) {
      Map<?, ?> pct = (Map<?, ?>) primary.get("scorePercentiles");
      score = ((Number) pct.get("50.0")).doubleValue();
      unit = unit + " p50";
    }
    return new Result(group.toString(), impl, score, higher, unit);
  }

  static double baseline(List<Result> rs) {
    for (String b : List.of("raw-jdk", "netty")) {
      for (Result r : rs) {
        if (r.impl.equals(b)) {
          return r.score;
        }
      }
    }
    return rs.get(0).score;
  }

  static String baselineName(List<Result> rs) {
    for (String b : List.of("raw-jdk", "netty")) {
      for (Result r : rs) {
        if (r.impl.equals(b)) {
          return b;
        }
      }
    }
    return rs.get(0).impl;
  }

  static String svg(Map<String, List<Result>> groups, String source) {
    double max = 1.0;
    for (List<Result> rs : groups.values()) {
      double base = baseline(rs);
      for (Result r : rs) {
        max = Math.max(max, ratio(r, base));
      }
    }
    max = Math.min(max, 8.0); // longer bars are clipped and labelled
    int rows = 0;
    for (List<Result> rs : groups.values()) {
      rows += rs.size() + 1;
    }
    int height = 68 + rows * ROW + 20;
    double scale = (WIDTH - LABEL - 90) / max;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"monospace\" font-size=\"11\">%n",
        WIDTH, height));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(text(10, 18, "socketkit benchmarks: score relative to the baseline of each group (longer is better; 1.0 = baseline)", "bold"));
    s.append(text(10, 34, "throughput / baseline throughput; for latency, baseline p50 / p50. Source: " + esc(source), ""));
    s.append(text(10, 50, "bars: socketkit tuned (blue), socketkit +defaults (light blue), Netty (orange), raw JDK (grey), external server (green)", ""));
    int y = 64;
    int x0 = LABEL;
    for (Map.Entry<String, List<Result>> g : groups.entrySet()) {
      List<Result> rs = g.getValue();
      double base = baseline(rs);
      s.append(text(10, y + 12, g.getKey() + "  (baseline " + baselineName(rs) + " = "
          + fmt(base) + " " + rs.get(0).unit + ")", "bold"));
      y += ROW;
      for (Result r : rs) {
        double ratio = ratio(r, base);
        double w = Math.min(ratio, max) * scale;
        String colour = colour(r.impl);
        s.append(text(30, y + 12, r.impl, ""));
        s.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n", x0, y + 2, w, ROW - 5, colour));
        s.append(text((int) (x0 + w + 4), y + 12, String.format(Locale.ROOT, "%.2fx", ratio), ""));
        y += ROW;
      }
    }
    int one = (int) (x0 + scale);
    s.append(String.format("<line x1=\"%d\" y1=\"56\" x2=\"%d\" y2=\"%d\" stroke=\"black\" stroke-dasharray=\"3,3\"/>%n", one, one, y));
    s.append("</svg>\n");
    return s.toString();
  }

  /**
   * The bar colour of an implementation: grey for the raw-JDK baselines, orange for Netty (any of
   * its transports, or its codecs), light blue for socketkit with default options ({@code
   * +defaults}), green for an external server, blue for the rest of socketkit.
   */
  static String colour(String impl) {
    if (impl.equals("raw-jdk") || impl.equals("dataInputStream") || impl.equals("dataOutputStream")) {
      return "#9e9e9e";
    }
    if (impl.startsWith("netty")) {
      return "#e69f00";
    }
    if (impl.endsWith("+defaults")) {
      return "#56b4e9";
    }
    return impl.startsWith("external:") ? "#009e73" : "#0072b2";
  }

  static String markdown(Map<String, List<Result>> groups) {
    StringBuilder s = new StringBuilder("| benchmark | implementation | score | vs baseline |\n|---|---|---:|---:|\n");
    for (Map.Entry<String, List<Result>> g : groups.entrySet()) {
      double base = baseline(g.getValue());
      for (Result r : g.getValue()) {
        s.append("| ").append(g.getKey()).append(" | ").append(r.impl).append(" | ").append(fmt(r.score))
            .append(' ').append(r.unit).append(" | ")
            .append(String.format(Locale.ROOT, "%.2fx", ratio(r, base))).append(" |\n");
      }
    }
    return s.toString();
  }

  static double ratio(Result r, double base) {
    if (r.score == 0 || base == 0) {
      return 0;
    }
    return r.higherIsBetter ? r.score / base : base / r.score;
  }

  static String fmt(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  static String text(int x, int y, String t, String weight) {
    return String.format("<text x=\"%d\" y=\"%d\"%s>%s</text>%n", x, y,
        weight.isEmpty() ? "" : " font-weight=\"" + weight + "\"", esc(t));
  }

  static String esc(String t) {
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Just enough JSON for JMH's output: objects, arrays, strings, numbers, booleans, null, NaN. */
  static final class Json {
    private final String s;
    private int i;

    Json(String s) {
      this.s = s;
    }

    Object value() {
      ws();
      char c = s.charAt(i);
      if (c == '{') {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        ws();
        if (s.charAt(i) == '}') {
          i++;
          return m;
        }
        while (true) {
          ws();
          String k = string();
          ws();
          expect(':');
          m.put(k, value());
          ws();
          if (s.charAt(i++) == '}') {
            return m;
          }
        }
      }
      if (c == '[') {
        List<Object> l = new ArrayList<>();
        i++;
        ws();
        if (s.charAt(i) == ']') {
          i++;
          return l;
        }
        while (true) {
          l.add(value());
          ws();
          if (s.charAt(i++) == ']') {
            return l;
          }
        }
      }
      if (c == '"') {
        return string();
      }
      int start = i;
      while (i < s.length() && ",]} \n\r\t".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      String tok = s.substring(start, i);
      switch (tok) {
        case "true": return Boolean.TRUE;
        case "false": return Boolean.FALSE;
        case "null": return null;
        case "NaN": case "\"NaN\"": return Double.NaN;
        default: return Double.parseDouble(tok);
      }
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (s.charAt(i) != '"') {
        char c = s.charAt(i++);
        if (c == '\\') {
          char e = s.charAt(i++);
          switch (e) {
            case 'n': b.append('\n'); break;
            case 't': b.append('\t'); break;
            case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
            default: b.append(e);
          }
        } else {
          b.append(c);
        }
      }
      i++;
      return b.toString();
    }

    private void expect(char c) {
      if (s.charAt(i++) != c) {
        throw new IllegalArgumentException("JSON: expected '" + c + "' at offset " + (i - 1));
      }
    }

    private void ws() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }
  }
}
