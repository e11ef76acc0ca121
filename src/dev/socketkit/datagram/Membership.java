package dev.socketkit.datagram;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.util.Objects;

/**
 * Membership of a {@link DatagramEndpoint} in a multicast group on one interface, from {@link
 * DatagramEndpoint#join(InetAddress, NetworkInterface)}; closing it leaves the group.
 */
public final class Membership implements AutoCloseable {
  private final MembershipKey key;

  private Membership(MembershipKey key) {
    this.key = key;
  }

  /** Joins {@code group} on {@code nif}; a channel that cannot join is an {@link IOException}. */
  static Membership join(DatagramChannel channel, InetAddress group, NetworkInterface nif)
      throws IOException {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(nif, "nif");
    if (!group.isMulticastAddress()) {
      throw new IllegalArgumentException("group: " + group.getHostAddress()
          + " is not a multicast address");
    }
    try {
      return new Membership(channel.join(group, nif));
    } catch (IllegalStateException e) { // a channel of the other family, or already a member
      throw new IOException(e.toString(), e);
    }
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
