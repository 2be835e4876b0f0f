/** What an operator reads in the logs about accepted work. */
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, place, STORE_KINDS, type TestApp } from "../support/test-app.js";

describe.each(STORE_KINDS)("on %s", (kind) => {
  let t: TestApp;
  afterEach(async () => t.close());

  it("one info line per accepted batch: org, batch id, job count, created or appended", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    t = await createTestApp({ store: kind, logger });
    const accepted = () => lines.filter((l) => l.msg === "batch accepted");

    const created = await t.call("POST", "/batches", {
      body: { batch_name: "B", jobs: [place("a"), place("b")] },
    });
    expect(created.status).toBe(200);
    await t.call("POST", "/batches", {
      body: { batch_name: "B", batch_id: created.json.id, jobs: [place("c")] },
    });
    // A rejected request logs no acceptance.
    await t.call("POST", "/batches", { body: { batch_name: "B", jobs: [] } });

    expect(accepted()).toEqual([
      expect.objectContaining({
        level: 30,
        org: "acme",
        batch_id: created.json.id,
        jobs: 2,
        action: "created",
      }),
      expect.objectContaining({
        level: 30,
        org: "acme",
        batch_id: created.json.id,
        jobs: 1,
        action: "appended",
      }),
    ]);
    // Request-scoped: the line carries the request id that the request's other lines carry.
    expect(accepted()[0]!.reqId).toEqual(expect.any(String));
  });

  it("one line per request; /health and rejected requests at debug, counted once a minute; no key", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const raw: string[] = [];
    const { createServiceLogger, MAX_LOG_LINE } = await import("../../src/logger.js");
    const logger = createServiceLogger("debug", {
      write: (line: string) => {
        raw.push(line);
        lines.push(JSON.parse(line));
      },
    });
    t = await createTestApp({ store: kind, logger });
    await t.call("GET", "/batches");
    await t.app.inject({ url: "/health" });
    await t.call("GET", "/batches", { key: "pe_wrong" });
    await t.call("GET", `/batches/${"z".repeat(250)}?enrichments=${"q".repeat(5000)}`);
    const requests = lines.filter((l) => l.msg === "request");
    expect(requests.map((l) => [l.level, l.path, l.status])).toEqual([
      [30, "/v1/acme/place_enrichment/batches", 200],
      [20, "/health", 200],
      [20, "/v1/acme/place_enrichment/batches", 401],
      [30, expect.stringMatching(/^\/v1\/acme\/place_enrichment\/batches\/z+… \(284 characters\)$/), 422],
    ]);
    expect(requests[0]).toMatchObject({
      method: "GET",
      org: "acme",
      ms: expect.any(Number),
      reqId: expect.any(String),
    });
    // The rejected requests are summed up when the tally is written (each minute, and on close).
    await t.app.close();
    expect(lines.find((l) => l.msg === "requests rejected")).toMatchObject({
      level: 30,
      byStatus: { 401: 1 },
    });
    for (const line of raw) {
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LOG_LINE);
      expect(line).not.toContain(t.acme.key);
      expect(line).not.toContain("pe_wrong");
    }
  });

  it("one info line per batch lifecycle event: reprocessed, renamed, deleted", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    t = await createTestApp({ store: kind, logger });
    const created = await t.call("POST", "/batches", { body: { batch_name: "B", jobs: [place("a")] } });
    await t.drain();
    await t.call("POST", `/batches/${created.json.id}/reprocess`, { body: { failed_only: false } });
    await t.call("PUT", `/batches/${created.json.id}`, { body: { batch_name: "C" } });
    await t.call("DELETE", `/batches/${created.json.id}`);
    const events = lines.filter((l) => typeof l.msg === "string" && (l.msg as string).startsWith("batch "));
    expect(events.map((l) => l.msg)).toEqual([
      "batch accepted",
      "batch reprocessed",
      "batch renamed",
      "batch deleted",
    ]);
    expect(events[1]).toMatchObject({ org: "acme", batch_id: created.json.id, jobs: 1, selection: "all" });
  });
});
