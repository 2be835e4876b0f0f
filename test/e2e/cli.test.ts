/** The operator CLI as a real process against a real database file. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/accounts/api-keys.js";
import { CONFIG_VARIABLES } from "../../src/config-variables.js";
import { openStore } from "../../src/store/open-store.js";
import { REPO_ROOT, runCli } from "../support/processes.js";
import { tempDatabasePath } from "../support/temp-db.js";

const db = tempDatabasePath();
afterAll(() => db.cleanup());
const env = { DATABASE_URL: db.path };

describe("place-enrich orgs and keys", () => {
  it("creates orgs and keys, lists prefixes only, revokes", async () => {
    const created = await runCli(["orgs", "create", "Acme-Stores", "--json"], env);
    expect(created.code).toBe(0);
    const { org, api_key } = JSON.parse(created.stdout.trim().split("\n").pop()!);
    expect(org.slug).toBe("acme-stores");
    expect(api_key).toMatch(/^pe_[A-Za-z0-9_-]{43}$/);

    const duplicate = await runCli(["orgs", "create", "acme-stores"], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stdout).toMatch(/already exists/);

    const badSlug = await runCli(["orgs", "create", "bad_slug!"], env);
    expect(badSlug.code).toBe(1);
    expect(badSlug.stdout).toMatch(/invalid org slug/);

    const second = await runCli(["keys", "create", "acme-stores", "--label", "ci", "--json"], env);
    expect(second.code).toBe(0);
    const key2 = JSON.parse(second.stdout.trim().split("\n").pop()!);

    const list = await runCli(["keys", "list", "acme-stores"], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(key2.prefix);
    expect(list.stdout).toContain("ci");
    expect(list.stdout).not.toContain(api_key);
    expect(list.stdout).not.toContain(key2.api_key);

    const revoked = await runCli(["keys", "revoke", "acme-stores", key2.prefix], env);
    expect(revoked.code).toBe(0);
    const store = openStore(db.path);
    try {
      // Stored hashed: the raw key is nowhere, the hash finds the record.
      expect((await store.findApiKeyByHash(hashApiKey(key2.api_key)))?.revokedAt).not.toBeNull();
      expect((await store.findApiKeyByHash(hashApiKey(api_key)))?.revokedAt).toBeNull();
    } finally {
      await store.close();
    }
    const unknownOrg = await runCli(["keys", "list", "nobody"], env);
    expect(unknownOrg.code).toBe(1);
  }, 60_000);

  it("lists organizations, as text and as JSON", async () => {
    await runCli(["orgs", "create", "listed-one"], env);
    await runCli(["orgs", "create", "listed-two"], env);
    const text = await runCli(["orgs", "list"], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^listed-one {2}[0-9a-f-]{36} {2}created \d{4}-\d\d-\d\dT/m);
    expect(text.stdout.indexOf("listed-one")).toBeLessThan(text.stdout.indexOf("listed-two"));
    const json = await runCli(["orgs", "list", "--json"], env);
    expect(json.code).toBe(0);
    const orgs = JSON.parse(json.stdout.trim()) as Array<{ id: string; slug: string; created_at: string }>;
    expect(orgs.map((o) => o.slug)).toEqual(expect.arrayContaining(["listed-one", "listed-two"]));
    expect(orgs[0]).toEqual({
      id: expect.any(String),
      slug: expect.any(String),
      created_at: expect.any(String),
    });
  }, 60_000);

  it("revokes a key by its prefix exactly as `keys list` prints it, or by the full key", async () => {
    const created = JSON.parse((await runCli(["orgs", "create", "revokers", "--json"], env)).stdout.trim());
    const second = JSON.parse((await runCli(["keys", "create", "revokers", "--json"], env)).stdout.trim());
    const list = (await runCli(["keys", "list", "revokers"], env)).stdout;
    // The printed prefix, ellipsis included (`pe_AbCdEfG…`), pasted as is.
    const printed = list
      .split("\n")
      .find((line) => line.startsWith(second.id))!
      .split(/\s+/)[1]!;
    expect(printed).toBe(`${second.prefix}…`);
    const byPrefix = await runCli(["keys", "revoke", "revokers", printed], env);
    expect(byPrefix.code).toBe(0);
    expect(byPrefix.stdout).toContain("revoked 1 key");
    // The full key: hashed and matched.
    const byKey = await runCli(["keys", "revoke", "revokers", created.api_key], env);
    expect(byKey.code).toBe(0);
    const store = openStore(db.path);
    try {
      expect((await store.findApiKeyByHash(hashApiKey(second.api_key)))?.revokedAt).not.toBeNull();
      expect((await store.findApiKeyByHash(hashApiKey(created.api_key)))?.revokedAt).not.toBeNull();
    } finally {
      await store.close();
    }
    // Nothing left to revoke, and another org's key is never revoked through this org.
    expect((await runCli(["keys", "revoke", "revokers", created.api_key], env)).code).toBe(1);
    const other = JSON.parse((await runCli(["orgs", "create", "bystander", "--json"], env)).stdout.trim());
    const wrongOrg = await runCli(["keys", "revoke", "revokers", other.api_key], env);
    expect(wrongOrg.code).toBe(1);
    expect(wrongOrg.stdout).toMatch(/no active key/);
  }, 60_000);

  it("revokes a key by its id; the raw keys are nowhere in the database files", async () => {
    const created = JSON.parse((await runCli(["orgs", "create", "by-id", "--json"], env)).stdout.trim());
    const second = JSON.parse((await runCli(["keys", "create", "by-id", "--json"], env)).stdout.trim());
    const revoked = await runCli(["keys", "revoke", "by-id", second.id], env);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain("revoked 1 key");
    const listed = JSON.parse((await runCli(["keys", "list", "by-id", "--json"], env)).stdout.trim());
    expect(listed.find((k: { id: string }) => k.id === second.id).revokedAt).not.toBeNull();
    expect(listed.find((k: { id: string }) => k.id !== second.id).revokedAt).toBeNull();
    // The database file and its WAL hold hashes and prefixes only, never a key.
    const bytes = Buffer.concat(
      [db.path, `${db.path}-wal`].filter((file) => existsSync(file)).map((file) => readFileSync(file)),
    );
    for (const key of [created.api_key, second.api_key]) {
      expect(bytes.includes(Buffer.from(key)), key).toBe(false);
      expect(bytes.includes(Buffer.from(key.slice(3))), key).toBe(false);
      // What is there instead (so this looks at the right bytes).
      expect(bytes.includes(Buffer.from(hashApiKey(key))), `hash of ${key}`).toBe(true);
    }
  }, 60_000);

  it("shows and sets an organization's limits", async () => {
    await runCli(["orgs", "create", "limited"], env);
    const shown = await runCli(["orgs", "limits", "limited"], env);
    expect(shown.code).toBe(0);
    // The default is shown with its value and the variable that sets it.
    expect(shown.stdout).toContain("requestsPerMinute: default: 6000, from ORG_RATE_LIMIT_PER_MINUTE");
    expect(shown.stdout).toContain("searchesPerDay: default: 0 (no limit), from SEARCH_DAILY_BUDGET");
    const set = await runCli(
      ["orgs", "limits", "limited", "--jobs-per-hour", "5000", "--polls-per-minute", "0", "--json"],
      env,
    );
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout.trim())).toEqual({
      org: "limited",
      limits: {
        requestsPerMinute: null,
        keyRequestsPerMinute: null,
        pollsPerMinute: 0,
        jobsPerHour: 5000,
        searchesPerDay: null,
        modelRequestsPerDay: null,
        modelTokensPerDay: null,
      },
    });
    const back = await runCli(
      ["orgs", "limits", "limited", "--jobs-per-hour", "default", "--model-requests-per-day", "200"],
      env,
    );
    expect(back.stdout).toContain("jobsPerHour: default: 1000000, from JOBS_PER_HOUR");
    expect(back.stdout).toContain("modelRequestsPerDay: 200");
    expect(back.stdout).toContain("pollsPerMinute: 0 (no limit)");
    const bad = await runCli(["orgs", "limits", "limited", "--jobs-per-hour", "lots"], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/--jobs-per-hour: expected a number/);
  }, 60_000);

  it("migrate applies every migration to a new database and exits 0", async () => {
    const fresh = tempDatabasePath();
    try {
      const migrated = await runCli(["migrate"], { DATABASE_URL: fresh.path });
      expect(migrated.code).toBe(0);
      expect(migrated.stdout).toContain("migrations applied");
      const { MIGRATIONS } = await import("../../src/store/sqlite/migrations.js");
      const Database = (await import("better-sqlite3")).default;
      const file = new Database(fresh.path, { readonly: true });
      try {
        const versions = file.prepare("SELECT version FROM schema_migrations ORDER BY version").pluck().all();
        expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
      } finally {
        file.close();
      }
      // Again: nothing left to apply, still 0.
      expect((await runCli(["migrate"], { DATABASE_URL: fresh.path })).code).toBe(0);
      // A database a newer version migrated is refused with one line, not used.
      const future = new Database(fresh.path);
      future.prepare("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')").run();
      future.close();
      const refused = await runCli(["migrate"], { DATABASE_URL: fresh.path });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/migrated by a newer version of place-enrich \(schema migration 999/);
      expect(refused.stdout).not.toMatch(/ {4}at /); // no stack trace
    } finally {
      fresh.cleanup();
    }
  }, 60_000);

  it("purges one organization's cache", async () => {
    await runCli(["orgs", "create", "cached"], env);
    await runCli(["orgs", "create", "neighbour"], env);
    const store = openStore(db.path);
    const entries = Array.from({ length: 3 }, (_, i) => ({
      attribute: "address" as const,
      inputHash: `h${i}`,
      value: { outputs: { address: { street: `${i} Main St` } } },
    }));
    try {
      const cached = (await store.getOrgBySlug("cached"))!;
      const neighbour = (await store.getOrgBySlug("neighbour"))!;
      await store.putCachedResults(cached.id, entries, Date.now());
      await store.putCachedResults(neighbour.id, entries, Date.now());
      const purged = await runCli(["cache", "purge", "cached", "--json"], env);
      expect(purged.code).toBe(0);
      expect(JSON.parse(purged.stdout.trim())).toEqual({ org: "cached", purged: 3 });
      expect(await store.getCachedResults(cached.id, entries, 0)).toEqual([]);
      expect(await store.getCachedResults(neighbour.id, entries, 0)).toHaveLength(3);
      const again = await runCli(["cache", "purge", "cached"], env);
      expect(again.stdout).toContain("purged 0 cached places of cached");
      expect((await runCli(["cache", "purge", "nobody"], env)).code).toBe(1);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("--version prints package.json's version; --help lists every environment variable", async () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
    const version = await runCli(["--version"], env);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
    const help = await runCli(["--help"], env);
    expect(help.code).toBe(0);
    for (const v of CONFIG_VARIABLES) expect(help.stdout).toMatch(new RegExp(`^  ${v.name} `, "m"));
    expect(help.stdout).toMatch(/orgs/);
    expect(help.stdout).toMatch(/cache/);
  }, 30_000);

  it("rejects a bad configuration with the variable's name", async () => {
    const bad = await runCli(["migrate"], { ...env, PORT: "not-a-port" });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/PORT: expected an integer/);
  }, 30_000);
});
