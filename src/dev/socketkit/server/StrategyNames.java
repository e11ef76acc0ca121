package dev.socketkit.server;

import java.util.List;
import java.util.function.Function;

/** The names {@link Strategy#named(String)} reads: one form per name, its numbers and their defaults. */
final class StrategyNames {
  private record Form(String name, List<String> numbers, int[] defaults, Function<int[], Strategy> make) {}

  private static final List<Form> FORMS = List.of(
      new Form("iterative", List.of(), new int[0], n -> Strategy.iterative()),
      new Form("thread", List.of(), new int[0], n -> Strategy.threadPerConnection()),
      new Form("pooled", List.of("workers", "queueCapacity"), new int[] {4, 16},
          n -> Strategy.pooled(n[0], n[1], Overflow.WAIT)),
      new Form("prestarted-accept", List.of("handlers"), new int[] {4},
          n -> Strategy.prestartedAccept(n[0])),
      new Form("prestarted-handoff", List.of("handlers"), new int[] {4},
          n -> Strategy.prestartedHandoff(n[0])),
      new Form("elastic-accept", List.of("handlers", "minSpare", "maxSpare", "maxHandlers"),
          new int[] {1, 1, 2, 8}, n -> Strategy.prestartedAccept(n[0]).withSpareHandlers(n[1], n[2], n[3])),
      new Form("elastic-handoff", List.of("handlers", "minSpare", "maxSpare", "maxHandlers"),
          new int[] {1, 1, 2, 8}, n -> Strategy.prestartedHandoff(n[0]).withSpareHandlers(n[1], n[2], n[3])),
      new Form("reuseport", List.of("listeners", "handlersPerListener"), new int[] {2, 4},
          n -> Strategy.reusePort(n[0], n[1])),
      new Form("virtual", List.of("cap"), new int[] {0}, n -> Strategy.virtualThreads(n[0])));

  static final List<String> NAMES = FORMS.stream().map(Form::name).toList();

  private StrategyNames() {}

  static Strategy parse(String spec) {
    String[] parts = spec.split(":", -1);
    Form form = FORMS.stream().filter(f -> f.name.equals(parts[0])).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("strategy: \"" + spec + "\" (expected: a name of "
            + NAMES + ", then optionally :numbers)"));
    if (parts.length - 1 > form.numbers.size()) {
      throw new IllegalArgumentException("strategy: \"" + spec + "\" (expected: " + usage(form) + ")");
    }
    int[] n = form.defaults.clone();
    for (int i = 1; i < parts.length; i++) {
      try {
        n[i - 1] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("strategy: \"" + spec + "\": " + form.numbers.get(i - 1) + " \""
            + parts[i] + "\" is not a whole number (expected: " + usage(form) + ")", e);
      }
    }
    try {
      return form.make.apply(n);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("strategy: \"" + spec + "\": " + e.getMessage(), e);
    }
  }

  private static String usage(Form form) {
    StringBuilder s = new StringBuilder(form.name);
    for (String number : form.numbers) {
      s.append("[:").append(number);
    }
    return s.append("]".repeat(form.numbers.size())).toString();
  }
}
