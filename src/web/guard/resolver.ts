/**
 * Name resolution for the SSRF guard, injected so tests control the answers (a name that resolves
 * to loopback) without touching the system's resolver.
 */
import { lookup } from "node:dns/promises";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a name resolves to, in the resolver's order. Rejects when the name does not resolve. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/**
 * The system resolver (getaddrinfo: /etc/hosts, then DNS), every answer (`all: true`) in its own
 * order (`verbatim`), as the connection would have used it.
 */
export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};
