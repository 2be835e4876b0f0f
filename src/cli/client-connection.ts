/**
 * Where the client commands (submit, watch, results, batches, reprocess, run) send their requests:
 * `--url`, `--org`, `--api-key`, else PLACE_ENRICH_URL, PLACE_ENRICH_ORG, PLACE_ENRICH_API_KEY.
 * These are the client's, not the service's: the service's variables (DATABASE_URL, …) play no part.
 */
import type { Command } from "commander";
import { PlaceEnrichmentClient } from "../client/index.js";

export const CLIENT_VARIABLES = [
  {
    name: "PLACE_ENRICH_URL",
    meaning: "server of submit, watch, results, batches, reprocess, run (--url)",
    default: "http://127.0.0.1:8080",
  },
  { name: "PLACE_ENRICH_ORG", meaning: "their organization slug (--org)", default: "demo" },
  { name: "PLACE_ENRICH_API_KEY", meaning: "their API key (--api-key)", default: "none: required" },
] as const;

/** The lines `place-enrich --help` shows after the service's variables. */
export function clientHelpText(): string {
  const width = Math.max(...CLIENT_VARIABLES.map((v) => v.name.length));
  return [
    "Client commands' environment variables:",
    ...CLIENT_VARIABLES.map((v) => `  ${v.name.padEnd(width)}  ${v.meaning} (default: ${v.default})`),
  ].join("\n");
}

export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

export interface ConnectionFlags {
  url?: string;
  org?: string;
  apiKey?: string;
}

export function addConnectionOptions(command: Command): Command {
  return command
    .option("--url <url>", "server URL (PLACE_ENRICH_URL, default http://127.0.0.1:8080)")
    .option("--org <slug>", "organization slug (PLACE_ENRICH_ORG, default demo)")
    .option("--api-key <key>", "API key (PLACE_ENRICH_API_KEY)");
}

/** A client from the flags and the environment; a ConfigurationError when the key is missing or the URL is not one. */
export function clientFrom(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): PlaceEnrichmentClient {
  const url = flags.url ?? env.PLACE_ENRICH_URL ?? "http://127.0.0.1:8080";
  const org = flags.org ?? env.PLACE_ENRICH_ORG ?? "demo";
  const apiKey = flags.apiKey ?? env.PLACE_ENRICH_API_KEY;
  if (!apiKey) {
    throw new ConfigurationError("no API key: pass --api-key or set PLACE_ENRICH_API_KEY");
  }
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("not http(s)");
  } catch {
    throw new ConfigurationError(`--url / PLACE_ENRICH_URL "${url}" is not an http(s) URL`);
  }
  return new PlaceEnrichmentClient({
    baseUrl: url,
    org,
    apiKey,
    onRetry: ({ method, path, delayMs, reason }) =>
      process.stderr.write(`retrying ${method} ${path} in ${(delayMs / 1000).toFixed(1)} s (${reason})\n`),
  });
}
