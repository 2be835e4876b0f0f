/**
 * The website fetcher's settings for tests against the loopback fixture server: private addresses
 * allowed (loopback is one), only the fixture's port, no pause between requests to one host.
 */
import { loadConfig, type WebConfig } from "../../src/config.js";

export function fixtureWebConfig(port: number, overrides: Partial<WebConfig> = {}): WebConfig {
  return {
    ...loadConfig({ WEB_ALLOW_PRIVATE_NETWORK: "true", WEB_FETCHING: "on" }).web,
    allowedPorts: [port],
    perHostDelayMs: 0,
    ...overrides,
  };
}
