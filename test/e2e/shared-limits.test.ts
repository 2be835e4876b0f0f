/**
 * Two real API processes (`serve --no-workers`) on one PostgreSQL schema share the request limits:
 * a key's requests, and an address's failed authentications, are counted once across both; a per-org
 * override set with the CLI applies to both at once.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createTestSchema, type TestSchema } from "../support/postgres.js";
import { type CliProcess, freePort, runCli, startCli, waitForHealth } from "../support/processes.js";

let schema: TestSchema | undefined;
const servers: CliProcess[] = [];
afterAll(async () => {
  for (const s of servers) s.child.kill("SIGKILL");
  await Promise.all(servers.map((s) => s.exited));
  await schema?.drop();
});

/** Waits until at least `seconds` of the current wall-clock minute are left (windows are minutes). */
async function roomInThisMinute(seconds: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < seconds * 1000) await new Promise((r) => setTimeout(r, left + 50));
}

describe("limits shared by two API processes on one PostgreSQL", () => {
  it("counts a key's requests and an address's failed authentications across both", async () => {
    schema = await createTestSchema();
    const env = { DATABASE_URL: schema.url, HOST: "127.0.0.1" };
    const created = await runCli(["orgs", "create", "acme", "--json"], env);
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout.trim().split("\n").pop()!).api_key as string;
    const limits = { RATE_LIMIT_PER_MINUTE: "10", AUTH_FAILURES_PER_MINUTE: "4" };
    const ports = [await freePort(), await freePort()];
    for (const port of ports) {
      servers.push(startCli(["serve", "--no-workers"], { ...env, ...limits, PORT: String(port) }));
    }
    const roots = ports.map((p) => `http://127.0.0.1:${p}`);
    for (const [i, root] of roots.entries()) await waitForHealth(servers[i]!, root, 90_000);
    const get = (i: number, withKey: string | null) =>
      fetch(`${roots[i % 2]}/v1/acme/place_enrichment/batches`, {
        headers: withKey ? { authorization: `Bearer ${withKey}` } : {},
      });

    await roomInThisMinute(25);
    // 10 requests alternating between the processes: all pass; then both refuse.
    for (let i = 0; i < 10; i++) expect((await get(i, key)).status, `request ${i}`).toBe(200);
    for (let i = 0; i < 2; i++) {
      const refused = await get(i, key);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    }
    // An override from the CLI reaches both processes at once (it comes with the key lookup).
    const raised = await runCli(["orgs", "limits", "acme", "--key-requests-per-minute", "12", "--json"], env);
    expect(raised.code).toBe(0);
    expect(JSON.parse(raised.stdout.trim()).limits.keyRequestsPerMinute).toBe(12);
    expect((await get(0, key)).status).toBe(200);
    expect((await get(1, key)).status).toBe(200);
    expect((await get(0, key)).status).toBe(429);

    // 4 failed authentications from this address, spread over both: the 5th is refused by either,
    // even with a valid key, before the key is looked up.
    for (let i = 0; i < 4; i++) expect((await get(i, "pe_guessed")).status).toBe(401);
    const locked = await get(1, "pe_guessed");
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { detail: string }).detail).toMatch(/failed authentications/);
    expect((await get(0, key)).status).toBe(429);
  }, 120_000);
});
