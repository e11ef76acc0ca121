package dev.socketkit.testkit;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * The address of one end of an in-memory {@link ConnectionPair}, such as {@code memory:3:client}:
 * a type of its own, so that code branching on {@link java.net.InetSocketAddress} or {@link
 * java.net.UnixDomainSocketAddress} never mistakes an in-memory connection for a socket.
 */
public final class MemoryAddress extends SocketAddress {
  private static final long serialVersionUID = 1L;

  /** The name, such as {@code memory:3:client}. */
  private final String name;

  MemoryAddress(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * Returns the name: {@code memory:}, the pair's number, and {@code client} or {@code server}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns whether {@code o} is a memory address with the same name.
   *
   * @param o the object to compare with
   * @return whether both name the same end
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof MemoryAddress && ((MemoryAddress) o).name.equals(name);
  }

  /**
   * Returns a hash code consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /**
   * Returns the name, as messages show it.
   *
   * @return the name
   */
  @Override
  public String toString() {
    return name;
  }
}
