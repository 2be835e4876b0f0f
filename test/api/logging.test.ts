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
});
