package dev.socketkit.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketkit.jmh.churn.ChurnBenchmark;
import dev.socketkit.jmh.net.BulkBenchmark;
import dev.socketkit.jmh.net.PingPongBenchmark;
import dev.socketkit.jmh.net.WireClient;
import dev.socketkit.jmh.netty.NettyTransport;
import dev.socketkit.jmh.server.RunningServer;
import dev.socketkit.jmh.server.Servers;
import dev.socketkit.jmh.server.SocketkitServer;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;

/** Every benchmark server, on every transport, speaks the wire protocol of {@link Wire}. */
@Timeout(60)
class ProtocolTest {

  static Stream<Arguments> servers() {
    List<Arguments> all = new ArrayList<>();
    List<String> names = new ArrayList<>(Servers.STRATEGIES);
    for (String s : List.of("iterative", "thread", "prestarted-accept", "reuseport", "virtual")) {
      names.add(s + SocketkitServer.DEFAULTS); // default options, FrameReader and FrameWriter
    }
    names.addAll(Servers.PEERS);
    for (String name : names) {
      if (name.startsWith("virtual") && Runtime.version().feature() < 21) {
        continue; // virtual threads need JDK 21+; CI's JDK 25 run covers them
      }
      if (NettyTransport.NAMES.contains(name) && NettyTransport.ofPeer(name).unavailability() != null) {
        System.err.println(NettyTransport.ofPeer(name).unavailability());
        continue;
      }
      for (Transport t : Transport.values()) {
        if (!(name.startsWith("reuseport") && t == Transport.UNIX)) { // SO_REUSEPORT is TCP only
          all.add(Arguments.of(name, t));
        }
      }
    }
    return all.stream();
  }

  @Test
  void everyBenchmarkMeasuresNamesOfTheOneList() throws NoSuchFieldException {
    for (Class<?> benchmark : List.of(PingPongBenchmark.class, BulkBenchmark.class, ChurnBenchmark.class)) {
      String[] measured = benchmark.getField("server").getAnnotation(Param.class).value();
      assertThat(measured).as(benchmark.getSimpleName())
          .allMatch(n -> Servers.STRATEGIES.contains(n) || Servers.PEERS.contains(n)
              || n.endsWith(SocketkitServer.DEFAULTS)
                  && Servers.STRATEGIES.contains(n.substring(0, n.length() - SocketkitServer.DEFAULTS.length())))
          .contains("raw-jdk", "netty-nio", "netty-epoll", "netty-iouring", "prestarted-accept",
              "prestarted-accept" + SocketkitServer.DEFAULTS);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("servers")
  void echoesFramesOfEverySizeAndPipelinedFramesInOrder(String name, Transport transport) throws Exception {
    try (RunningServer s = Servers.start(name, transport, 0, null, 4);
        WireClient c = WireClient.connect(s.echoAddress(), 1 << 20)) {
      for (int size : new int[] {0, 1, 64, 1460, 65536, 1 << 20}) {
        c.send(size);
        assertThat(c.receive(size)).isEqualTo(size == 0 ? -1 : 'a');
      }
      for (int size = 0; size < 100; size++) {
        c.send(size * 37);
      }
      for (int size = 0; size < 100; size++) {
        c.receive(size * 37); // throws if a frame comes back out of order or resized
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("servers")
  void churnRepliesWithTheRequestedByteCountUntilTheClientCloses(String name, Transport transport) throws Exception {
    try (RunningServer s = Servers.start(name, transport, 0, null, 4);
        WireClient c = WireClient.connect(s.churnAddress(), 100_000)) {
      for (int count : new int[] {4000, 0, 100_000, 1}) {
        c.request(count);
        c.receive(count);
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("servers")
  void closesOnALengthAbove16MiB(String name, Transport transport) throws Exception {
    try (RunningServer s = Servers.start(name, transport, 0, null, 4);
        SocketChannel ch = open(s.echoAddress())) {
      ch.write(ByteBuffer.allocate(4).putInt(Wire.MAX_PAYLOAD + 1).flip());
      assertThat(readUntilEnd(ch)).isZero();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("servers")
  void closesAtEndOfStreamBetweenFramesAfterEchoingThem(String name, Transport transport) throws Exception {
    try (RunningServer s = Servers.start(name, transport, 0, null, 4);
        SocketChannel ch = open(s.echoAddress())) {
      ch.write(ByteBuffer.allocate(12).putInt(8).putLong(42).flip());
      ch.shutdownOutput();
      assertThat(readUntilEnd(ch)).isEqualTo(12);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("servers")
  void churnClosesOnARequestThatIsNotFourBytes(String name, Transport transport) throws Exception {
    try (RunningServer s = Servers.start(name, transport, 0, null, 4);
        SocketChannel ch = open(s.churnAddress())) {
      ch.write(ByteBuffer.allocate(9).putInt(5).putInt(4000).put((byte) 0).flip());
      assertThat(readUntilEnd(ch)).isZero();
    }
  }

  private static SocketChannel open(SocketAddress a) throws IOException {
    SocketChannel ch = SocketChannel.open(a instanceof UnixDomainSocketAddress
        ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
    ch.connect(a);
    return ch;
  }

  /** Reads until the server closes (bounded by the test's time-out); returns the bytes read. */
  private static int readUntilEnd(SocketChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(1 << 16);
    int total = 0;
    try {
      for (int n = ch.read(b); n >= 0; n = ch.read(b.clear())) {
        total += n;
      }
    } catch (IOException reset) {
      // a reset is a close too
    }
    return total;
  }
}
