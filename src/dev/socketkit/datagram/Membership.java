package dev.socketkit.datagram;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.channels.MembershipKey;

/**
 * Membership of a {@link DatagramEndpoint} in a multicast group on one interface, from {@link
 * DatagramEndpoint#join(InetAddress, NetworkInterface)}; closing it leaves the group.
 */
public final class Membership implements AutoCloseable {
  private final MembershipKey key;

  Membership(MembershipKey key) {
    this.key = key;
  }

  /**
   * Returns the group.
   *
   * @return the multicast address
   */
  public InetAddress group() {
    return key.group();
  }

  /**
   * Returns the interface the group was joined on.
   *
   * @return the interface
   */
  public NetworkInterface networkInterface() {
    return key.networkInterface();
  }

  /**
   * Returns whether the endpoint is still in the group: {@code false} after {@link #close()} or
   * once the endpoint is closed.
   *
   * @return whether the membership holds
   */
  public boolean isValid() {
    return key.isValid();
  }

  /** Leaves the group; datagrams sent to it stop arriving. Calling it again does nothing. */
  @Override
  public void close() {
    key.drop();
  }

  @Override
  public String toString() {
    return "Membership{" + key.group().getHostAddress() + " on " + key.networkInterface().getName()
        + (key.isValid() ? "" : ", left") + "}";
  }
}
