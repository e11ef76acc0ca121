package dev.socketkit.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.socketkit.Connection;
import dev.socketkit.Listener;
import dev.socketkit.client.Connector;
import dev.socketkit.client.FullDuplex;
import dev.socketkit.framing.FrameReader;
import dev.socketkit.framing.FrameWriter;
import dev.socketkit.framing.Framing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A two-party chat: each side types lines while the other's lines appear as they arrive; neither
 * waits for the other to answer. One side listens, the other connects:
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexample=dev.socketkit.examples.Chat -Dexample.args="--listen 7070"
 * mvn -q test-compile exec:exec -Dexample=dev.socketkit.examples.Chat -Dexample.args="--connect localhost:7070"
 * </pre>
 *
 * <p>End your input (Ctrl-D) to say you are done; the chat ends when both sides are done.
 */
public final class Chat {
  private Chat() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2 || !(args[0].equals("--listen") || args[0].equals("--connect"))) {
      System.out.println("usage: Chat --listen PORT | --connect HOST:PORT");
      return;
    }
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (args[0].equals("--listen")) {
      try (Listener l = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])))) {
        System.out.println("waiting on " + l.localAddress());
        try (Connection c = l.accept()) {
          chat(c, stdin, System.out);
        }
      }
    } else {
      int colon = args[1].lastIndexOf(':');
      // The other side may not be listening yet: retry refusals for a while.
      try (Connection c = Connector.defaults().connect(args[1].substring(0, colon),
          Integer.parseInt(args[1].substring(colon + 1)))) {
        chat(c, stdin, System.out);
      }
    }
  }

  /**
   * Sends each line of {@code typed} while printing each line the peer sends to {@code shown}
   * (prefixed with {@code "> "}); returns when both sides are done.
   */
  public static void chat(Connection c, BufferedReader typed, PrintStream shown) throws IOException {
    FullDuplex.run(c,
        in -> {
          FrameReader lines = FrameReader.of(in, Framing.lines());
          for (String line; (line = lines.readText(UTF_8)) != null; ) {
            shown.println("> " + line);
          }
          shown.println("(the other side is done)");
        },
        out -> {
          FrameWriter lines = FrameWriter.of(out, Framing.lines());
          for (String line; (line = typed.readLine()) != null; ) {
            lines.writeText(line, UTF_8).flush();
          }
        });
  }
}
