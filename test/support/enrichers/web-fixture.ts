/**
 * The standard enricher with the website source pointed at the loopback fixture server: every host
 * name resolves to 127.0.0.1 (so the fixture pages can be named by their real-looking domains,
 * which the website normalizer accepts, while nothing reaches the internet), except names starting
 * with `gone.`, which do not resolve (a site whose domain lapsed).
 */
import {
  createEnricher as createStandardEnricher,
  type EnricherFactoryOptions,
} from "../../../src/enrich/enricher-factory.js";
import type { Resolver } from "../../../src/web/guard/resolver.js";

const loopbackResolver: Resolver = async (hostname) => {
  if (hostname.startsWith("gone."))
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
  return [{ address: "127.0.0.1", family: 4 }];
};

export function createEnricher(options: EnricherFactoryOptions) {
  return createStandardEnricher(options, { resolver: loopbackResolver });
}
