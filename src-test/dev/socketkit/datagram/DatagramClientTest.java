package dev.socketkit.datagram;

import dev.socketkit.Async;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.ConnectionRefusedException;
import dev.socketkit.Leaks;
import dev.socketkit.SocketClosedException;
import dev.socketkit.TimedOutException;
import dev.socketkit.testkit.NoLeaks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The request/response client against loss, duplicates, late replies, strays and refusal. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DatagramClientTest {
  private static final AtomicInteger IDS = new AtomicInteger();
  private final String name = "dgc" + IDS.incrementAndGet();
  private final List<AutoCloseable> open = new ArrayList<>();
  private int fdsBefore;

  @BeforeEach
  void countFds() {
    fdsBefore = Leaks.openFds();
  }

  @AfterEach
  void noLeaks() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    assertThat(Leaks.await(() -> Leaks.liveThreads(name + "-").isEmpty(), Duration.ofSeconds(10))).isTrue();
    NoLeaks.assertFdsSettle(fdsBefore);
  }

  /** Upper-cases the body of an id-prefixed request. */
  static byte[] upper(byte[] request) {
    String body = new String(Correlation.body(request), UTF_8);
    return Correlation.reply(request, body.toUpperCase(Locale.ROOT).getBytes(UTF_8));
  }

  private DatagramServer serve(Family family, DatagramHandler handler) throws IOException {
    DatagramServer s = DatagramServer.of(family.any(), DatagramStrategy.pooled(4, 256),
        DatagramServerOptions.builder().name(name).shutdownGrace(Duration.ZERO).build(), handler).start();
    open.add(s);
    return s;
  }

  private DatagramClient client(DatagramClient.Builder b) throws IOException {
    DatagramClient c = b.build();
    open.add(c);
    return c;
  }

  private static String request(DatagramClient c, String text) throws IOException {
    return new String(c.request(text.getBytes(UTF_8)), UTF_8);
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void lostRequestsAreRetriedUntilOneIsAnswered(Family family) throws Exception {
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    DatagramHandler dropsTwice = (d, replies) -> {
      String id = new String(d.payload(), 0, Correlation.ID_BYTES, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() > 2) {
        replies.send(upper(d.payload()));
      }
    };
    DatagramServer server = serve(family, dropsTwice);
    DatagramClient c = client(DatagramClient.builder(server.localAddress())
        .timeout(Duration.ofMillis(300)).maxAttempts(6));
    for (int i = 0; i < 4; i++) {
      assertThat(request(c, "request " + i)).isEqualTo("REQUEST " + i);
    }
    // Two retries per request, more only if a reply was slower than the time-out.
    assertThat(c.retries()).isGreaterThanOrEqualTo(8);
    assertThat(Leaks.await(() -> server.stats().received() == 4 + c.retries(), Duration.ofSeconds(10)))
        .as("every attempt reached the server: %s", server.stats()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void throughARelayThatReordersRepliesEveryAnswerIsRight(Family family) throws Exception {
    DatagramServer server = serve(family, (d, replies) -> replies.send(upper(d.payload())));
    // Replies are swapped in pairs, so each request's first reply is held back until its retry's
    // reply passes it: the retry's answer comes first, the first attempt's later (ignored).
    DatagramRelay relay = new DatagramRelay(server.localAddress(), DatagramRelay.FAITHFUL, DatagramRelay.swapPairs());
    open.add(relay);
    DatagramClient c = client(DatagramClient.builder(relay.address()).timeout(Duration.ofMillis(500)).maxAttempts(5));
    for (int i = 0; i < 6; i++) {
      assertThat(request(c, "request " + i)).isEqualTo("REQUEST " + i);
    }
    // On a quiet machine exactly one retry per request and five stale replies; a reply slower than
    // the time-out shifts the pairing, but never the answers.
    assertThat(c.retries()).isPositive();
    assertThat(c.ignored()).isPositive();
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void throughARelayThatDropsAndDuplicatesEachRequestGetsItsOwnReply(Family family) throws Exception {
    DatagramServer server = serve(family, (d, replies) -> replies.send(upper(d.payload())));
    DatagramRelay relay = new DatagramRelay(server.localAddress(), DatagramRelay.dropEvery(2), DatagramRelay.DUPLICATE);
    open.add(relay);
    DatagramClient c = client(DatagramClient.builder(relay.address()).timeout(Duration.ofMillis(500)).maxAttempts(9));
    for (int i = 0; i < 6; i++) {
      assertThat(request(c, "request " + i)).isEqualTo("REQUEST " + i);
    }
    assertThat(c.retries()).isGreaterThanOrEqualTo(6); // every first attempt was dropped
    assertThat(c.ignored()).isGreaterThanOrEqualTo(5); // the second copy of each reply but the last
  }

  @Test
  void aRequestNeverAnsweredTimesOutAfterEveryAttempt() throws Exception {
    DatagramServer server = serve(Family.IPV4, (d, replies) -> { });
    DatagramClient c = client(DatagramClient.builder(server.localAddress())
        .timeout(Duration.ofMillis(50)).maxAttempts(4));
    assertThatThrownBy(() -> request(c, "anyone?"))
        .isInstanceOfSatisfying(TimedOutException.class,
            e -> assertThat(e.kind()).isEqualTo(TimedOutException.Kind.READ))
        .hasMessageContaining("no reply in 4 attempts of PT0.05S")
        .hasMessageContaining(Family.IPV4.text(server.localAddress()));
    assertThat(Leaks.await(() -> server.stats().received() == 4, Duration.ofSeconds(10))).isTrue();
    assertThat(c.retries()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void duplicatesAndRepliesReorderedBehindLaterRequestsAreIgnored(Family family) throws Exception {
    AtomicReference<byte[]> previous = new AtomicReference<>();
    DatagramHandler unruly = (d, replies) -> {
      byte[] earlier = previous.getAndSet(d.payload());
      if (earlier != null) {
        replies.send(Correlation.reply(earlier, "late reply to an earlier request".getBytes(UTF_8)));
      }
      replies.send(new byte[3]); // garbage, shorter than an id
      replies.send(upper(d.payload()));
      replies.send(upper(d.payload())); // a duplicate
    };
    DatagramServer server = DatagramServer.of(family.any(), DatagramStrategy.iterative(),
        DatagramServerOptions.builder().name(name).build(), unruly).start();
    open.add(server);
    DatagramClient c = client(DatagramClient.builder(server.localAddress()).timeout(Duration.ofSeconds(10)));
    for (int i = 0; i < 10; i++) {
      assertThat(request(c, "request " + i)).isEqualTo("REQUEST " + i);
    }
    assertThat(c.retries()).isZero();
    // Before request i (i > 0): the duplicate of i - 1; during it: the late reply and the garbage.
    assertThat(c.ignored()).isEqualTo(9 + 9 + 10);
  }

  @Test
  void aCustomRuleMatchesAnIdInsideThePayload() throws Exception {
    DatagramHandler dnsLike = (d, replies) -> {
      byte[] p = d.payload();
      replies.send(new byte[] {(byte) (p[0] + 1), p[1], 'x'}); // wrong id first
      replies.send(new byte[] {p[0], p[1], 'o', 'k'});
    };
    DatagramServer server = serve(Family.IPV6, dnsLike);
    DatagramClient c = client(DatagramClient.builder(server.localAddress())
        .correlation(Correlation.matching((req, rep) -> rep.length >= 2 && rep[0] == req[0] && rep[1] == req[1])));
    assertThat(new String(c.request(new byte[] {7, 9}), 2, 2, UTF_8)).isEqualTo("ok");
    assertThat(c.ignored()).isEqualTo(1);
  }

  @Test
  void withoutCorrelationAnyDatagramFromTheServerIsTheReply() throws Exception {
    DatagramServer server = serve(Family.IPV4, (d, replies) -> replies.send("whatever".getBytes(UTF_8)));
    DatagramClient c = client(DatagramClient.builder(server.localAddress()).correlation(Correlation.none()));
    assertThat(request(c, "?")).isEqualTo("whatever");
  }

  @Test
  void straysFromOtherSendersNeverReachTheClient() throws Exception {
    DatagramEndpoint stranger = Family.IPV4.bind();
    open.add(stranger);
    DatagramHandler slowStart = (d, replies) -> {
      stranger.send(Correlation.reply(d.payload(), "stray".getBytes(UTF_8)), d.sender());
      replies.send(upper(d.payload()));
    };
    DatagramServer server = serve(Family.IPV4, slowStart);
    DatagramClient c = client(DatagramClient.builder(server.localAddress()));
    assertThat(request(c, "real")).isEqualTo("REAL");
    assertThat(c.ignored()).isZero(); // the kernel drops what the connected socket's peer did not send
  }

  @ParameterizedTest
  @EnumSource(Family.class)
  void nothingListeningIsARefusalAfterTheLastAttempt(Family family) throws Exception {
    InetSocketAddress nobody;
    try (DatagramEndpoint gone = family.bind()) {
      nobody = gone.localAddress();
    }
    DatagramClient c = client(DatagramClient.builder(nobody).maxAttempts(2).timeout(Duration.ofSeconds(5)));
    assertThatThrownBy(() -> request(c, "hello"))
        .isInstanceOf(ConnectionRefusedException.class)
        .hasMessageContaining(family.text(nobody));
    assertThat(c.retries()).isEqualTo(1);
  }

  @Test
  void manyConcurrentClientsOverALossyServerAllGetTheirReplies() throws Exception {
    AtomicInteger n = new AtomicInteger();
    DatagramHandler dropsEveryThird = (d, replies) -> {
      if (n.incrementAndGet() % 3 != 0) {
        replies.send(upper(d.payload()));
      }
    };
    DatagramServer server = serve(Family.IPV4, dropsEveryThird);
    int clients = 12;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        DatagramClient c = client(DatagramClient.builder(server.localAddress())
            .timeout(Duration.ofMillis(300)).maxAttempts(20));
        int id = i;
        done.add(pool.submit(() -> {
          for (int r = 0; r < 15; r++) {
            assertThat(request(c, id + "/" + r)).isEqualTo(id + "/" + r);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(100, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(server.stats().received()).isGreaterThanOrEqualTo(clients * 15);
  }

  @Test
  void closeEndsARequestInProgressAndBadSettingsAreRefused() throws Exception {
    DatagramServer server = serve(Family.IPV4, (d, replies) -> { });
    DatagramClient c = client(DatagramClient.builder(server.localAddress()).timeout(Duration.ofSeconds(30)));
    java.util.concurrent.CompletableFuture<Throwable> failed = Async.supply(() -> {
      try {
        c.request(new byte[1]);
        return null;
      } catch (IOException e) {
        return e;
      }
    });
    assertThat(DatagramEndpointTest.awaitReceiverBlocked()).isNotNull();
    c.close();
    assertThat(failed.get(10, TimeUnit.SECONDS)).isInstanceOf(SocketClosedException.class);
    assertThatThrownBy(() -> DatagramClient.builder(server.localAddress()).timeout(Duration.ZERO))
        .hasMessage("timeout: PT0S (expected: > 0)");
    assertThatThrownBy(() -> DatagramClient.builder(server.localAddress()).maxAttempts(0))
        .hasMessage("maxAttempts: 0 (expected: >= 1)");
    assertThatThrownBy(() -> Correlation.body(new byte[7])).hasMessageContaining("no 8-byte id");
  }
}
