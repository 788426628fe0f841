package io.bulwark.gateway.hygiene;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers (IP addresses or CIDR blocks) whose {@code X-Forwarded-*} headers the gateway keeps.
 * Immutable and thread-safe. Only literal addresses are accepted, never host names.
 */
public final class TrustedProxies {
  private final List<IpSubnetFilterRule> rules;

  /**
   * @param entries addresses ({@code 10.0.0.1}) or CIDR blocks ({@code 10.0.0.0/8})
   * @throws IllegalArgumentException for an entry that is not a literal address or block
   */
  public TrustedProxies(List<String> entries) {
    List<IpSubnetFilterRule> list = new ArrayList<>();
    for (String entry : entries) {
      int slash = entry.indexOf('/');
      String address = slash < 0 ? entry : entry.substring(0, slash);
      if (!isLiteral(address)) {
        throw new IllegalArgumentException("trusted proxy must be an IP address or CIDR: " + entry);
      }
      int bits =
          slash < 0
              ? (address.contains(":") ? 128 : 32)
              : Integer.parseInt(entry.substring(slash + 1));
      list.add(new IpSubnetFilterRule(address, bits, IpFilterRuleType.ACCEPT));
    }
    this.rules = List.copyOf(list);
  }

  /** Whether {@code ip} (a literal address) is a trusted proxy. */
  public boolean isTrusted(String ip) {
    if (rules.isEmpty() || ip == null) {
      return false;
    }
    InetSocketAddress address = new InetSocketAddress(ip, 0);
    for (IpSubnetFilterRule rule : rules) {
      if (rule.matches(address)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLiteral(String address) {
    if (!address.matches("[0-9a-fA-F:.]+")) {
      return false;
    }
    try {
      InetAddress.getByName(address);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
