package dev.socketkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketkit.Connection;
import dev.socketkit.ListenOptions;
import dev.socketkit.Listener;
import dev.socketkit.examples.LineIO;
import dev.socketkit.examples.UpperCaseDemo;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.NOPMDCAdapter;

/**
 * What the server tests share: transports, a line handler with hooks, a listener seam that
 * signals accepts and close or fails on purpose, and the leak checks (threads by name, and socket,
 * pipe and selector descriptors in {@code /proc/self/fd}).
 */
final class ServerFixture implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger IDS = new AtomicInteger();

  enum Transport { TCP, UNIX }

  static {
    // slf4j-simple's MDC does nothing; install a working one so tests can see the session id.
    try {
      if (MDC.getMDCAdapter() instanceof NOPMDCAdapter) {
        Field adapter = MDC.class.getDeclaredField("mdcAdapter");
        adapter.setAccessible(true);
        adapter.set(null, new BasicMDCAdapter());
      }
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
    // Serve one client whose read waits and times out, so that descriptors the JDK opens once
    // and keeps (on Java 21+, the pollers behind virtual threads that wait) exist before any test
    // counts them. The handler must not be a lambda of this class: a server thread would wait for
    // this class's initialisation.
    Strategy warmUp = Strategy.virtualThreadsAvailable() ? Strategy.virtualThreads() : Strategy.iterative();
    ServerOptions quick = ServerOptions.builder().name("warm-up").idleTimeout(Duration.ofMillis(50)).build();
    try (Server s = Server.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), warmUp, quick,
            UpperCaseDemo.HANDLER).start();
        Connection c = Connection.connect(s.localAddress(), Duration.ofSeconds(10))) {
      c.setReadTimeout(WAIT);
      if (c.input().asInputStream().read() != -1) {
        throw new IllegalStateException("warm-up server sent something");
      }
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final String name = "sk" + IDS.incrementAndGet();
  final Transport transport;
  final Path dir;
  final int descriptorsBefore = openDescriptors();
  private final List<Server> servers = new ArrayList<>();
  private final Queue<Connection> clients = new ConcurrentLinkedQueue<>(); // tests connect from several threads

  // Handler hooks: "hold" lines wait for release; "boom" lines throw.
  final CountDownLatch release = new CountDownLatch(1);
  final Semaphore held = new Semaphore(0);
  final Queue<String> threadNames = new ConcurrentLinkedQueue<>();
  final Queue<String> mdcIds = new ConcurrentLinkedQueue<>();

  // Event hooks.
  final Semaphore opened = new Semaphore(0);
  final Semaphore closed = new Semaphore(0);
  final Semaphore rejected = new Semaphore(0);
  final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

  // Listener hooks.
  final Semaphore accepted = new Semaphore(0);
  private final AtomicInteger listenersBound = new AtomicInteger();
  private final Semaphore listenersClosed = new Semaphore(0);
  volatile int acceptFailuresToInject;
  /** When each accept() was called, on {@link System#nanoTime()}. */
  final Queue<Long> acceptCalls = new ConcurrentLinkedQueue<>();

  ServerFixture(Transport transport, Path dir) {
    this.transport = transport;
    this.dir = dir;
  }

  SocketAddress address() {
    return transport == Transport.TCP
        ? new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)
        : UnixDomainSocketAddress.of(dir.resolve(name + ".sock"));
  }

  ServerOptions.Builder options() {
    return ServerOptions.builder().name(name).events(new ServerEvents() {
      @Override
      public void opened(SessionInfo session) {
        opened.release();
      }

      @Override
      public void failed(SessionInfo session, Throwable error) {
        failures.add(error);
      }

      @Override
      public void closed(SessionInfo session) {
        closed.release();
      }

      @Override
      public void rejected(SocketAddress remote, RejectReason reason) {
        rejected.release();
      }
    });
  }

  /** Upper-cases each line; "hold" waits for {@link #release}; "boom" throws. */
  final SessionHandler handler = connection -> {
    threadNames.add(Thread.currentThread().getName());
    mdcIds.add(String.valueOf(MDC.get(Server.MDC_SESSION_KEY)));
    for (String line; (line = LineIO.readLine(connection.input())) != null; ) {
      if (line.equals("boom")) {
        throw new IllegalStateException("boom requested by the client");
      }
      if (line.equals("hold")) {
        held.release();
        if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
          throw new IllegalStateException("held session never released within " + WAIT);
        }
      }
      LineIO.writeLine(connection.output(), line.toUpperCase(Locale.ROOT));
    }
  };

  Server start(Strategy strategy, ServerOptions options) throws IOException {
    return start(strategy, options, System::nanoTime);
  }

  /** {@link #start(Strategy, ServerOptions)} with the starvation WARN's rate limit on {@code clock}. */
  Server start(Strategy strategy, ServerOptions options, LongSupplier clock) throws IOException {
    Server s = Server.of(address(), strategy, options, handler, this::bind).starvationClock(clock);
    servers.add(s);
    return s.start();
  }

  private Listener bind(SocketAddress address, ListenOptions options) throws IOException {
    Listener real = Listener.bind(address, options);
    listenersBound.incrementAndGet();
    return new Listener() {
      @Override
      public SocketAddress localAddress() {
        return real.localAddress();
      }

      @Override
      public Connection accept() throws IOException {
        acceptCalls.add(System.nanoTime());
        if (acceptFailuresToInject > 0) {
          acceptFailuresToInject--;
          throw new IOException("accept: Too many open files (injected)");
        }
        Connection c = real.accept();
        accepted.release();
        return c;
      }

      @Override
      public Connection accept(Duration timeout) throws IOException {
        return real.accept(timeout);
      }

      @Override
      public boolean isOpen() {
        return real.isOpen();
      }

      @Override
      public void close() throws IOException {
        real.close();
        listenersClosed.release();
      }
    };
  }

  /** Waits until every listener the server bound is closed. */
  void awaitListenersClosed() throws InterruptedException {
    await(listenersClosed, listenersBound.get());
  }

  Connection connect(Server server) throws IOException {
    Connection c = Connection.connect(server.localAddress(), Duration.ofSeconds(10));
    c.setReadTimeout(WAIT);
    clients.add(c);
    return c;
  }

  static String call(Connection c, String line) throws IOException {
    LineIO.writeLine(c.output(), line);
    return LineIO.readLine(c.input());
  }

  static void await(Semaphore s, int permits) throws InterruptedException {
    assertThat(s.tryAcquire(permits, WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("%d signals within %s", permits, WAIT).isTrue();
  }

  static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("latch within %s", WAIT).isTrue();
  }

  /** Shuts every server down and checks that none of their threads or descriptors is left. */
  @Override
  public void close() throws IOException {
    release.countDown();
    for (Connection c : clients) {
      c.close();
    }
    for (Server s : servers) {
      s.shutdown(Duration.ZERO);
    }
    assertThat(threadsOf(name)).as("threads of %s after shutdown", name).isEmpty();
    assertDescriptorsSettleAt(descriptorsBefore);
  }

  static List<String> threadsOf(String serverName) {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(n -> n.startsWith(serverName + "-"))
        .collect(Collectors.toList());
  }

  private static int countOutsidePool() {
    dev.socketkit.Leaks.closePooledSelectors();
    return openDescriptors();
  }

  /** Socket, pipe and selector descriptors: what a server or connection opens. */
  static int openDescriptors() {
    return describeDescriptors().size();
  }

  private static List<String> describeDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.map(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          return ""; // closed while listing (the listing's own descriptor)
        }
      }).filter(t -> t.startsWith("socket:") || t.startsWith("pipe:") || t.startsWith("anon_inode:"))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new AssertionError("cannot list /proc/self/fd", e);
    }
  }

  /**
   * Waits (at most 10 s) for the descriptor count to come down to {@code expected}, closing the
   * idle pooled selectors first each time (see {@link dev.socketkit.Leaks#closePooledSelectors()}).
   */
  static void assertDescriptorsSettleAt(int expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (countOutsidePool() > expected && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    countOutsidePool();
    assertThat(describeDescriptors()).as("socket/pipe/selector descriptors").hasSizeLessThanOrEqualTo(expected);
  }
}
