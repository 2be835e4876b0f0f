/**
 * `place-enrich`: the service's command line. `serve` (API + workers, the default of `npm start`),
 * `worker` (workers only), and the operator commands for organizations and keys. Every command
 * reads the same environment (DATABASE_URL, ...) through loadConfig.
 */
import { Command } from "commander";
import { createOrgWithKey, issueApiKey, OrgSlugError } from "../accounts/api-keys.js";
import { systemClock } from "../clock.js";
import { openMigratedStore, startService } from "../composition.js";
import { ConfigError, loadConfig } from "../config.js";
import type { Store } from "../store/port.js";
import { addReferenceCommands } from "./reference-commands.js";

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

async function withStore<T>(task: (store: Store) => Promise<T>): Promise<T> {
  const store = await openMigratedStore(loadConfig());
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
  const service = await startService(config, roles);
  const startedAt = Date.now();
  let signalledAt: number | null = null;
  const shutdown = (signal: string) => {
    if (signalledAt !== null) {
      // Ctrl-C under `npm start` reaches us twice at once: from the terminal (the whole process group)
      // and forwarded by npm. Only a signal sent a moment later is a second request.
      if (Date.now() - signalledAt < 1000) return;
      service.logger.warn({ signal }, "second signal: releasing in-flight jobs now");
      service.pool?.hurry();
      return;
    }
    signalledAt = Date.now();
    service.logger.info(
      { signal, inFlight: service.pool?.inFlightCount ?? 0, graceSeconds: config.shutdownGraceMs / 1000 },
      "shutting down: no new claims, finishing in-flight jobs",
    );
    service.stop().then(
      ({ released }) => {
        service.logger.info(
          { ...service.pool?.stats, released, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) },
          "stopped",
        );
        service.logger.flush?.();
        process.exit(0);
      },
      (err) => {
        service.logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

export function buildCli(): Command {
  const program = new Command("place-enrich").description("Place enrichment service");

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
          process.stdout.write(`${k.id}  ${k.prefix}…  ${k.label ?? ""}  ${state}\n`);
        }
      });
    });
  keys
    .command("revoke <org> <idOrPrefix>")
    .description("Revoke a key by id or prefix")
    .action(async (slug: string, idOrPrefix: string) => {
      await withStore(async (store) => {
        const org = await requireOrg(store, slug);
        const count = await store.revokeApiKey(org.id, idOrPrefix, systemClock.now());
        if (count === 0) fail(`no active key "${idOrPrefix}" in ${slug}`);
        process.stdout.write(`revoked ${count} key${count === 1 ? "" : "s"}\n`);
      });
    });

  addReferenceCommands(program, fail);
  return program;
}

buildCli()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof OrgSlugError) fail(error.message);
    fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
  });
