package dev.socketkit.logs;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the test runs (surefire sets {@code slf4j.provider} to this class): every
 * log call at or above {@code -Dsocketkit.test.logLevel} (default {@code info}) goes to the
 * {@link CapturedLogs} of the running test, which prints it only if the test fails. Calls made
 * while no test runs are printed to standard error at WARN and above. With
 * {@code -Dsocketkit.test.logs=print} every call is also printed as it happens.
 */
public final class CapturingProvider implements SLF4JServiceProvider {
  static final Level THRESHOLD = Level.valueOf(
      System.getProperty("socketkit.test.logLevel", "info").toUpperCase(Locale.ROOT));
  static final boolean PRINT = "print".equals(System.getProperty("socketkit.test.logs"));

  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, CapturingLogger::new);
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();

  /** Creates the provider; SLF4J calls this once. */
  public CapturingProvider() {}

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    // nothing to set up: loggers are made on demand
  }

  /** A logger that hands each enabled call to {@link CapturedLogs#record}. */
  private static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    CapturingLogger(String name) {
      this.name = name;
    }

    private static boolean enabled(Level level) {
      return level.toInt() >= THRESHOLD.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
      return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
      return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
        Throwable thrown) {
      String message = MessageFormatter.basicArrayFormat(pattern, args);
      CapturedLogs.record(new LogEvent(level, name, Thread.currentThread().getName(), message, thrown));
    }
  }
}
