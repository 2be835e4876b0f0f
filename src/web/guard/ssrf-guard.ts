/**
 * The SSRF guard: decides whether a URL may be fetched and which address to connect to. Every
 * request the fetcher makes (each redirect hop, each robots.txt) passes here first:
 *
 * 1. scheme http or https; no credentials in the URL; the port (the scheme's default when none is
 *    written) among `allowedPorts` (80 and 443 by default);
 * 2. an IP-literal host is judged as written. The WHATWG URL parser has already turned every IPv4
 *    spelling into dotted decimal (`http://2130706433/`, `http://0x7f.1/`, `http://0177.0.0.1/`
 *    all become 127.0.0.1) and IPv6 into its canonical form (`[::ffff:127.0.0.1]` → `[::ffff:7f00:1]`);
 * 3. a name is resolved here (all answers); when *any* answer is not public (address-policy.ts) the
 *    URL is refused — a name with one public and one private answer could reach either;
 * 4. the caller connects to the address returned (pinned-connector.ts), so no second resolution
 *    can answer differently (DNS rebinding), and keeps the name for TLS (SNI, certificate check).
 *
 * `allowPrivateNetwork` lifts step 3's address rule (tests on loopback, intranets); steps 1 and 4
 * stay.
 */
import { isIP } from "node:net";
import { abortable } from "../abortable.js";
import { judgeAddress } from "./address-policy.js";
import type { Resolver } from "./resolver.js";

export type GuardRefusal = "scheme" | "credentials" | "port" | "address";

export type GuardVerdict =
  | {
      kind: "allowed";
      /** The URL's host as undici connects to it (no brackets around IPv6). */
      hostname: string;
      /** The checked address to connect to. */
      address: string;
    }
  | { kind: "blocked"; refusal: GuardRefusal; reason: string }
  | { kind: "dns_failure"; reason: string };

export interface SsrfGuardOptions {
  allowPrivateNetwork: boolean;
  allowedPorts: readonly number[];
  resolver: Resolver;
}

export interface SsrfGuard {
  /** Checks `url` (a parsed WHATWG URL); resolves names. Never throws; rejects only on `signal`. */
  check(url: URL, signal?: AbortSignal): Promise<GuardVerdict>;
}

const DEFAULT_PORT: Record<string, number> = { "http:": 80, "https:": 443 };

export function createSsrfGuard(options: SsrfGuardOptions): SsrfGuard {
  const ports = new Set(options.allowedPorts);
  return {
    async check(url, signal) {
      const defaultPort = DEFAULT_PORT[url.protocol];
      if (defaultPort === undefined) {
        return { kind: "blocked", refusal: "scheme", reason: `scheme ${url.protocol} is not http or https` };
      }
      if (url.username !== "" || url.password !== "") {
        return { kind: "blocked", refusal: "credentials", reason: "credentials in the URL" };
      }
      const port = url.port === "" ? defaultPort : Number(url.port);
      if (!ports.has(port)) {
        return {
          kind: "blocked",
          refusal: "port",
          reason: `port ${port} is not allowed (${[...ports].join(", ")})`,
        };
      }
      const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
      if (hostname === "") return { kind: "blocked", refusal: "address", reason: "no host" };
      if (isIP(hostname) !== 0) {
        return judged(hostname, [hostname], options.allowPrivateNetwork);
      }
      let answers: string[];
      try {
        answers = (await abortable(options.resolver(hostname), signal)).map((a) => a.address);
      } catch (error) {
        if (signal?.aborted) throw error;
        return { kind: "dns_failure", reason: `${hostname} does not resolve (${describe(error)})` };
      }
      if (answers.length === 0) return { kind: "dns_failure", reason: `${hostname} has no address` };
      return judged(hostname, answers, options.allowPrivateNetwork);
    },
  };
}

function judged(hostname: string, answers: readonly string[], allowPrivate: boolean): GuardVerdict {
  let connect: string | null = null;
  for (const answer of answers) {
    if (isIP(answer) === 0) {
      return { kind: "dns_failure", reason: `${hostname} resolved to a non-address "${answer}"` };
    }
    if (allowPrivate) {
      connect ??= answer;
      continue;
    }
    const verdict = judgeAddress(answer);
    if (!verdict.allowed) {
      const via = answer === hostname ? "" : `${hostname} resolves to `;
      return { kind: "blocked", refusal: "address", reason: `${via}${verdict.reason}` };
    }
    connect ??= verdict.connect;
  }
  return { kind: "allowed", hostname, address: connect! };
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
}
