import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AddressPins, pinnedConnector } from "../../src/web/guard/pinned-connector.js";
import { startWebFixtureServer, type WebFixtureServer } from "../support/web-fixture-server.js";

let server: WebFixtureServer;
beforeAll(async () => {
  server = await startWebFixtureServer();
});
afterAll(() => server.close());

describe("pinnedConnector", () => {
  it("dials the pinned address, never resolving the name again, and keeps the name in Host", async () => {
    const pins = new AddressPins();
    const agent = new Agent({ connect: pinnedConnector(pins) });
    try {
      // "pinned.invalid" resolves nowhere: only the pin can make this request reach the server.
      pins.pin("pinned.invalid", "127.0.0.1");
      const response = await request(`http://pinned.invalid:${server.port}/page`, { dispatcher: agent });
      expect(response.statusCode).toBe(200);
      await response.body.text();
      expect(server.hits("/page", "pinned.invalid")).toHaveLength(1);
    } finally {
      await agent.close();
    }
  });

  it("refuses a host that was not pinned, IP literals included, without connecting", async () => {
    const agent = new Agent({ connect: pinnedConnector(new AddressPins()) });
    const before = server.requests.length;
    try {
      for (const url of [
        `http://127.0.0.1:${server.port}/page`,
        `http://unchecked.test:${server.port}/page`,
      ]) {
        await expect(request(url, { dispatcher: agent })).rejects.toMatchObject({
          code: "ERR_WEB_UNPINNED_HOST",
        });
      }
      expect(server.requests.length).toBe(before);
    } finally {
      await agent.close();
    }
  });
});
