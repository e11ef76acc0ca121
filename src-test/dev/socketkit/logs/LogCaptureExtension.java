package dev.socketkit.logs;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives every test class and every test a {@link CapturedLogs} of its own, and prints it only when
 * that test (or the class's set-up or tear-down) fails, so a passing run stays quiet and a real
 * failure comes with its log. Registered for every test by JUnit's extension auto-detection
 * ({@code src-test/resources/junit-platform.properties}).
 */
public final class LogCaptureExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LogCaptureExtension.class);

  /** Creates the extension; JUnit calls this. */
  public LogCaptureExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    begin(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    begin(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    end(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    end(context);
  }

  private static void begin(ExtensionContext context) {
    String owner = context.getTestClass().map(Class::getSimpleName).orElse(context.getDisplayName())
        + (context.getTestMethod().isPresent() ? " " + context.getDisplayName() : "");
    CapturedLogs mine = new CapturedLogs(owner);
    ExtensionContext.Store store = context.getStore(NS);
    store.put("mine", mine);
    CapturedLogs previous = CapturedLogs.install(mine);
    if (previous != null) {
      store.put("previous", previous);
    }
  }

  private static void end(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NS);
    CapturedLogs mine = store.get("mine", CapturedLogs.class);
    CapturedLogs.install(store.get("previous", CapturedLogs.class));
    if (mine != null && context.getExecutionException().isPresent()) {
      mine.print("it failed: " + context.getExecutionException().get());
    }
  }
}
