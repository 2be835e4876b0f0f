/**
 * An undici connector that connects to the address the SSRF guard checked, never to a fresh
 * resolution of the name: the guard `pin`s (hostname → address) before each request, and the
 * connector dials the pinned address while undici keeps the URL's host for the Host header and TLS
 * (SNI and the certificate check use the name, as the connector leaves `host` and `servername`
 * alone). A host with no pin is refused, so no connection ever goes out unchecked.
 *
 * Why not undici's `connect.lookup`: a lookup hook is only called for names, so every IP-literal URL
 * (`http://2130706433/`) would connect unchecked; here literals are checked by the guard and pinned
 * like names.
 */
import { buildConnector } from "undici";

/** Pins kept; the oldest is forgotten first (each request pins again just before it is sent). */
const MAX_PINS = 4096;

export class AddressPins {
  private readonly pins = new Map<string, string>();

  /** Records the checked `address` for `hostname` (lower case, IPv6 without brackets). */
  pin(hostname: string, address: string): void {
    this.pins.delete(hostname);
    this.pins.set(hostname, address);
    if (this.pins.size > MAX_PINS) this.pins.delete(this.pins.keys().next().value!);
  }

  address(hostname: string): string | undefined {
    return this.pins.get(hostname);
  }
}

export class UnpinnedHostError extends Error {
  readonly code = "ERR_WEB_UNPINNED_HOST";
  constructor(hostname: string) {
    super(`refused to connect to ${hostname}: not checked by the SSRF guard`);
  }
}

/**
 * A connector for undici's Agent `connect` option. `options` are passed to undici's own connector
 * (timeout, TLS options such as `ca`).
 */
export function pinnedConnector(
  pins: AddressPins,
  options: buildConnector.BuildOptions = {},
): buildConnector.connector {
  const connect = buildConnector(options);
  return (request, callback) => {
    const address = pins.address(request.hostname.toLowerCase());
    if (address === undefined) {
      callback(new UnpinnedHostError(request.hostname), null);
      return;
    }
    connect({ ...request, hostname: address }, callback);
  };
}
