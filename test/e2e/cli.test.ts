/** The operator CLI as a real process against a real database file. */
import { afterAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/accounts/api-keys.js";
import { openStore } from "../../src/store/open-store.js";
import { runCli } from "../support/processes.js";
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

  it("rejects a bad configuration with the variable's name", async () => {
    const bad = await runCli(["migrate"], { ...env, PORT: "not-a-port" });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/PORT: expected an integer/);
  }, 30_000);
});
