/**
 * `place-enrich`: the service's command line. `serve` (API + workers, the default of `npm start`),
 * `worker` (workers only), and the operator commands for organizations, keys and the cache. Every
 * command reads the same environment (DATABASE_URL, ...) through loadConfig; --help lists it.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import {
  createOrgWithKey,
  issueApiKey,
  OrgSlugError,
  PREFIX_ELLIPSIS,
  revokeApiKey,
} from "../accounts/api-keys.js";
import { systemClock } from "../clock.js";
import type { RunningService } from "../composition.js";
import { ConfigError, loadConfig } from "../config.js";
import { configHelpText } from "../config-variables.js";
import { openStore } from "../store/open-store.js";
import type { OrgLimits, Store } from "../store/port.js";

/** From package.json, two levels up both from src/cli (tsx) and from dist/cli (the build). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return String(pkg.version);
}

/** Cache entries deleted per statement by `cache purge` (bounded like the workers' pruning). */
const PURGE_CHUNK = 10_000;

import { newWebhookSecret } from "../webhooks/webhook-signature.js";

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

async function withStore<T>(task: (store: Store) => Promise<T>): Promise<T> {
  // The store alone, not the service's composition (Fastify, the threads): `orgs`, `keys` and
  // `cache` start in a fraction of the time (2.7 s → see the commit) and CI's CLI tests with them.
  const store = openStore(loadConfig().databaseUrl);
  await store.migrate();
  try {
    return await task(store);
  } finally {
    await store.close();
  }
}

async function requireOrg(store: Store, slug: string) {
  const org = await store.getOrgBySlug(slug.toLowerCase());
  if (!org) fail(`no organization "${slug}"`);
  return org;
}

/**
 * Runs the service until SIGINT/SIGTERM: then no new claims, in-flight jobs get SHUTDOWN_GRACE_SECONDS,
 * the rest are released, a final line is logged and the process exits 0. A second signal ends the
 * grace period at once (the jobs are released, not lost).
 */
async function runService(roles: { api: boolean; workers: boolean }): Promise<void> {
  const config = loadConfig();
  let service: RunningService | null = null;
  let startedAt = Date.now();
  let signalledAt: number | null = null;
  const shutdown = (signal: string) => {
    if (!service) {
      // Still loading (nothing claimed yet): a transaction in flight rolls back, so just go.
      process.stderr.write(`${signal} during startup: exiting\n`);
      process.exit(0);
    }
    if (signalledAt !== null) {
      // Ctrl-C under `npm start` reaches us twice at once: from the terminal (the whole process group)
      // and forwarded by npm. Only a signal sent a moment later is a second request.
      if (Date.now() - signalledAt < 1000) return;
      service.logger.warn({ signal }, "second signal: releasing in-flight jobs and closing connections now");
      service.hurry();
      return;
    }
    signalledAt = Date.now();
    const running = service;
    running.logger.info(
      { signal, inFlight: running.pool?.inFlightCount ?? 0, graceSeconds: config.shutdownGraceMs / 1000 },
      "shutting down: no new claims, finishing in-flight jobs",
    );
    running.stop().then(
      ({ released }) => {
        running.logger.info(
          { ...running.pool?.stats, released, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) },
          "stopped",
        );
        running.logger.flush?.();
        process.exit(0);
      },
      (err) => {
        running.logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  // The launcher's handlers (bin/place-enrich.js: exit while loading) give way to these.
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  const { startService } = await import("../composition.js");
  service = await startService(config, roles);
  startedAt = Date.now();
}

/**
 * The commands of the client and reference groups, by name: a command line naming another group's
 * command does not load their modules (the client's file readers and writers, the reference
 * importer: 1.4 s and 1.0 s of imports on a quiet machine, several times that on a loaded one).
 */
const CLIENT_COMMANDS = new Set(["submit", "watch", "results", "batches", "reprocess", "run"]);
const REFERENCE_COMMANDS = new Set(["import", "sources"]);
const SERVICE_COMMANDS = new Set(["serve", "worker", "migrate", "orgs", "keys", "cache"]);

/** `argv`: the process's (node, script, words…); help, a version or an unknown word load every group. */
export async function buildCli(argv: readonly string[] = process.argv): Promise<Command> {
  const word = argv.slice(2).find((a) => !a.startsWith("-"));
  const known = word !== undefined && word !== "help";
  const wantsClient = !known || !(SERVICE_COMMANDS.has(word) || REFERENCE_COMMANDS.has(word));
  const wantsReference = !known || !(SERVICE_COMMANDS.has(word) || CLIENT_COMMANDS.has(word));
  const program = new Command("place-enrich")
    .description("Place enrichment service")
    .version(packageVersion(), "-V, --version", "print the version (package.json)")
    .addHelpText("after", `\n${configHelpText()}`);

  program
    .command("serve")
    .description("Run the HTTP API (HOST:PORT) with an in-process worker pool")
    .option("--no-workers", "API only: leave the jobs to `place-enrich worker` processes")
    .action(async (opts: { workers: boolean }) => runService({ api: true, workers: opts.workers }));

  program
    .command("worker")
    .description("Run workers only (WORKER_CONCURRENCY)")
    .action(async () => runService({ api: false, workers: true }));

  program
    .command("migrate")
    .description("Apply database migrations and exit")
    .action(async () => {
      await withStore(async () => {});
      process.stdout.write("migrations applied\n");
    });

  const orgs = program.command("orgs").description("Manage organizations");
  orgs
    .command("create <slug>")
    .description("Create an organization and print its first API key (shown once)")
    .option("--json", "print {org, api_key} as JSON")
    .action(async (slug: string, opts: { json?: boolean }) => {
      await withStore(async (store) => {
        if (await store.getOrgBySlug(slug.toLowerCase())) fail(`organization "${slug}" already exists`);
        const { org, key } = await createOrgWithKey(store, slug, systemClock.now());
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ org: { id: org.id, slug: org.slug }, api_key: key })}\n`);
        } else {
          process.stdout.write(
            `Created organization ${org.slug} (${org.id})\nAPI key (shown once): ${key}\n`,
          );
        }
      });
    });

  orgs
    .command("list")
    .description("List the organizations, oldest first")
    .option("--json", "print [{id, slug, created_at}] as JSON")
    .action(async (opts: { json?: boolean }) => {
      await withStore(async (store) => {
        const list = (await store.listOrgs()).map((o) => ({
          id: o.id,
          slug: o.slug,
          created_at: new Date(o.createdAt).toISOString(),
        }));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(list)}\n`);
          return;
        }
        for (const o of list) process.stdout.write(`${o.slug}  ${o.id}  created ${o.created_at}\n`);
      });
    });

  orgs
    .command("limits <slug>")
    .description(
      "Show or set an organization's request limits and daily budgets (overriding RATE_LIMIT_PER_MINUTE, LLM_DAILY_REQUEST_BUDGET and the others; `default` returns to it, 0 disables)",
    )
    .option("--requests-per-minute <n>", "requests per minute of the whole organization")
    .option("--key-requests-per-minute <n>", "requests per minute of each of its keys (status polls apart)")
    .option("--polls-per-minute <n>", "status polls per minute of each of its keys")
    .option("--jobs-per-hour <n>", "jobs accepted per hour")
    .option("--searches-per-day <n>", "web searches per UTC day (SEARCH_DAILY_BUDGET)")
    .option("--model-requests-per-day <n>", "language model requests per UTC day (LLM_DAILY_REQUEST_BUDGET)")
    .option("--model-tokens-per-day <n>", "language model tokens per UTC day (LLM_DAILY_TOKEN_BUDGET)")
    .option("--json", "print the limits as JSON")
    .action(async (slug: string, opts: Record<string, string | boolean | undefined>) => {
      const config = loadConfig();
      // [field, option, the deployment's default and the variable that sets it]
      const fields: Array<[keyof OrgLimits, string, number, string]> = [
        [
          "requestsPerMinute",
          "requestsPerMinute",
          config.limits.orgRequestsPerMinute,
          "ORG_RATE_LIMIT_PER_MINUTE",
        ],
        [
          "keyRequestsPerMinute",
          "keyRequestsPerMinute",
          config.limits.keyRequestsPerMinute,
          "RATE_LIMIT_PER_MINUTE",
        ],
        ["pollsPerMinute", "pollsPerMinute", config.limits.pollsPerMinute, "POLL_RATE_LIMIT_PER_MINUTE"],
        ["jobsPerHour", "jobsPerHour", config.limits.jobsPerHour, "JOBS_PER_HOUR"],
        ["searchesPerDay", "searchesPerDay", config.budgets.searchesPerDay, "SEARCH_DAILY_BUDGET"],
        [
          "modelRequestsPerDay",
          "modelRequestsPerDay",
          config.budgets.modelRequestsPerDay,
          "LLM_DAILY_REQUEST_BUDGET",
        ],
        [
          "modelTokensPerDay",
          "modelTokensPerDay",
          config.budgets.modelTokensPerDay,
          "LLM_DAILY_TOKEN_BUDGET",
        ],
      ];
      const shown = (value: number) => (value === 0 ? "0 (no limit)" : String(value));
      const changes: Partial<OrgLimits> = {};
      for (const [field, option] of fields) {
        const given = opts[option];
        if (typeof given !== "string") continue;
        if (given === "default") changes[field] = null;
        else if (/^\d{1,10}$/.test(given) && Number(given) <= 1_000_000_000) changes[field] = Number(given);
        else
          fail(
            `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: expected a number (0 disables) or "default", got "${given}"`,
          );
      }
      await withStore(async (store) => {
        const org = await requireOrg(store, slug);
        const limits = (await store.setOrgLimits(org.id, changes))!;
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ org: org.slug, limits })}\n`);
          return;
        }
        for (const [field, , fallback, variable] of fields) {
          const value = limits[field];
          process.stdout.write(
            `${field}: ${value === null ? `default: ${shown(fallback)}, from ${variable}` : shown(value)}\n`,
          );
        }
      });
    });

  orgs
    .command("webhook-secret <slug>")
    .description(
      "Print the organization's webhook signing secret (created at random when it has none); --rotate replaces it (docs/webhooks.md)",
    )
    .option("--rotate", "replace the secret with a new random one; events signed from then on use it")
    .option("--json", 'print {"org", "webhook_secret"}')
    .action(async (slug: string, opts: { rotate?: boolean; json?: boolean }) => {
      await withStore(async (store) => {
        const org = await requireOrg(store, slug);
        let secret: string;
        if (opts.rotate) {
          secret = newWebhookSecret();
          await store.setWebhookSecret(org.id, secret);
        } else {
          secret = (await store.ensureWebhookSecret(org.id, newWebhookSecret()))!;
        }
        // Printed on stdout only, for the operator to copy into the receiver; never logged.
        process.stdout.write(
          opts.json ? `${JSON.stringify({ org: org.slug, webhook_secret: secret })}\n` : `${secret}\n`,
        );
      });
    });

  const keys = program.command("keys").description("Manage API keys");
  keys
    .command("create <org>")
    .description("Create a new API key for an organization (shown once)")
    .option("--label <label>", "a note to tell keys apart")
    .option("--json", "print as JSON")
    .action(async (slug: string, opts: { label?: string; json?: boolean }) => {
      await withStore(async (store) => {
        const org = await requireOrg(store, slug);
        const { key, record } = await issueApiKey(store, org.id, opts.label ?? null, systemClock.now());
        if (opts.json)
          process.stdout.write(`${JSON.stringify({ id: record.id, prefix: record.prefix, api_key: key })}\n`);
        else process.stdout.write(`API key (shown once): ${key}\nid: ${record.id}\n`);
      });
    });
  keys
    .command("list <org>")
    .description("List an organization's keys (prefixes only)")
    .option("--json", "print as JSON")
    .action(async (slug: string, opts: { json?: boolean }) => {
      await withStore(async (store) => {
        const org = await requireOrg(store, slug);
        const list = await store.listApiKeys(org.id);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(list)}\n`);
          return;
        }
        for (const k of list) {
          const state = k.revokedAt === null ? "active" : `revoked ${new Date(k.revokedAt).toISOString()}`;
          process.stdout.write(`${k.id}  ${k.prefix}${PREFIX_ELLIPSIS}  ${k.label ?? ""}  ${state}\n`);
        }
      });
    });
  keys
    .command("revoke <org> <key>")
    .description("Revoke a key: its id, its prefix as `keys list` prints it (pe_AbCdEfG…), or the full key")
    .action(async (slug: string, given: string) => {
      await withStore(async (store) => {
        const org = await requireOrg(store, slug);
        const count = await revokeApiKey(store, org.id, given, systemClock.now());
        if (count === 0) fail(`no active key "${given}" in ${slug} (see \`place-enrich keys list ${slug}\`)`);
        process.stdout.write(`revoked ${count} key${count === 1 ? "" : "s"}\n`);
      });
    });

  const cache = program.command("cache").description("Manage the per-organization result cache");
  cache
    .command("purge <org>")
    .description("Delete every cached attribute result of an organization (whatever their age)")
    .option("--json", "print {org, purged} as JSON")
    .action(async (slug: string, opts: { json?: boolean }) => {
      await withStore(async (store) => {
        const org = await requireOrg(store, slug);
        let purged = 0;
        for (;;) {
          const n = await store.purgeCache({ orgId: org.id, limit: PURGE_CHUNK });
          purged += n;
          if (n < PURGE_CHUNK) break;
        }
        if (opts.json) process.stdout.write(`${JSON.stringify({ org: org.slug, purged })}\n`);
        else process.stdout.write(`purged ${purged} cached place${purged === 1 ? "" : "s"} of ${org.slug}\n`);
      });
    });
  if (wantsReference) (await import("./reference-commands.js")).addReferenceCommands(program, fail);
  if (wantsClient) {
    const { addClientCommands } = await import("./client-commands.js");
    const { clientHelpText } = await import("./client-connection.js");
    addClientCommands(program);
    program.addHelpText("after", `\n${clientHelpText()}`);
  }
  return program;
}

buildCli()
  .then((program) => program.parseAsync(process.argv))
  .catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof OrgSlugError) fail(error.message);
    // A database of a newer version (store/schema-version.ts; from a store thread it arrives by code).
    if ((error as { code?: unknown } | null)?.code === "schema_too_new") fail((error as Error).message);
    fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
  });
