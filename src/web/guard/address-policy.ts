/**
 * Which IP addresses the fetcher may connect to: public unicast only (issue 9, point 2). With
 * ipaddr.js's range names:
 *
 * - IPv4: only "unicast". Refused: unspecified 0/8, loopback 127/8, private 10/8, 172.16/12,
 *   192.168/16, link-local 169.254/16 (cloud metadata at 169.254.169.254), CGNAT 100.64/10,
 *   multicast 224/4, broadcast, and the reserved blocks (192.0.0/24, documentation nets,
 *   benchmarking 198.18/15, 240/4, AS112, AMT).
 * - IPv6: only inside 2000::/3 (global unicast, RFC 4291 §2.4) and "unicast" there; ipaddr.js
 *   calls every range it does not know "unicast", so the 2000::/3 test comes first. Refused besides:
 *   Teredo 2001::/32 (its IPv4 is obfuscated and relays reach anywhere), documentation, benchmarking,
 *   ORCHID, 3fff::/20.
 * - IPv6 forms that embed an IPv4 address are judged by that address: IPv4-mapped ::ffff:a.b.c.d
 *   (connected to as the IPv4 address itself), NAT64 64:ff9b::/96 (RFC 6052) and 6to4 2002::/16.
 *   The local-use NAT64 prefix 64:ff9b:1::/48 (RFC 8215) and the deprecated IPv4-compatible
 *   ::a.b.c.d, outside 2000::/3, are refused outright.
 */
import ipaddr from "ipaddr.js";

export type AddressVerdict =
  | {
      allowed: true /** The address to connect to (an IPv4-mapped address as plain IPv4). */;
      connect: string;
    }
  | { allowed: false; reason: string };

/**
 * Judges one IP address (dotted IPv4 or IPv6 text, no brackets). Throws TypeError when the text is
 * not an IP address.
 */
export function judgeAddress(text: string): AddressVerdict {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return judgeIpv4(ipaddr.IPv4.parse(text), text);
  if (!ipaddr.IPv6.isValid(text)) throw new TypeError(`not an IP address: ${text}`);
  const v6 = ipaddr.IPv6.parse(text);
  const range = v6.range();
  if (range === "ipv4Mapped") {
    const v4 = v6.toIPv4Address();
    const inner = judgeIpv4(v4, `${text} (IPv4-mapped ${v4})`);
    return inner.allowed ? { allowed: true, connect: v4.toString() } : inner;
  }
  if (range === "rfc6052" && v6.parts[2] === 0) {
    return embedded(text, ipv4At(v6, 6), "NAT64");
  }
  if (range === "6to4") return embedded(text, ipv4At(v6, 1), "6to4");
  if (!v6.match(GLOBAL_UNICAST)) {
    return { allowed: false, reason: `${text} is outside global unicast 2000::/3 (${v6Name(range)})` };
  }
  if (range !== "unicast") return { allowed: false, reason: `${text} is ${v6Name(range)}` };
  return { allowed: true, connect: text };
}

const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR("2000::/3");

function judgeIpv4(v4: ipaddr.IPv4, label: string): AddressVerdict {
  const range = v4.range();
  if (range === "unicast") return { allowed: true, connect: v4.toString() };
  return { allowed: false, reason: `${label} is ${V4_NAMES[range] ?? range}` };
}

/** An IPv6 address embedding `v4`: allowed (and connected to as IPv6) when `v4` is. */
function embedded(text: string, v4: ipaddr.IPv4, form: string): AddressVerdict {
  const inner = judgeIpv4(v4, `${text} (${form} of ${v4})`);
  return inner.allowed ? { allowed: true, connect: text } : inner;
}

/** The IPv4 address held in the two 16-bit parts from `index`. */
function ipv4At(v6: ipaddr.IPv6, index: number): ipaddr.IPv4 {
  const hi = v6.parts[index]!;
  const lo = v6.parts[index + 1]!;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

const V4_NAMES: Record<string, string> = {
  unspecified: "unspecified (0.0.0.0/8)",
  broadcast: "broadcast",
  multicast: "multicast",
  linkLocal: "link-local (169.254.0.0/16, cloud metadata)",
  loopback: "loopback",
  carrierGradeNat: "carrier-grade NAT (100.64.0.0/10)",
  private: "private",
  reserved: "reserved",
  as112: "AS112 (reserved)",
  amt: "AMT (reserved)",
};

function v6Name(range: string): string {
  return (
    (
      {
        unspecified: "unspecified",
        loopback: "loopback",
        linkLocal: "link-local",
        uniqueLocal: "unique local (private)",
        multicast: "multicast",
        rfc6052: "local-use NAT64 (64:ff9b:1::/48)",
        rfc6145: "IPv4-translated",
        teredo: "Teredo",
        discard: "discard-only",
        unicast: "IPv4-compatible or unassigned",
      } as Record<string, string>
    )[range] ?? `${range} (special-purpose)`
  );
}
