import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readPlaceFile } from "./place-file-rows.js";

const dir = mkdtempSync(join(tmpdir(), "place-file-rows-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readPlaceFile (JSONL)", () => {
  it("refuses, line by line, what the server would refuse after the rows before it were sent", async () => {
    const path = join(dir, "places.jsonl");
    writeFileSync(
      path,
      [
        '{"place_id":"a","name":"Fine"}',
        '{"place_id":"b","name":"Proto","meta":{"__proto__":{"admin":true}}}',
        '{"place_id":"c","name":"Ctor","meta":{"constructor":{"prototype":{"x":1}}}}',
        '{"place_id":"d","name":"Caf\\ud800"}',
        '{"place_id":"e","name":"Sushi \\ud83c\\udf63"}',
      ].join("\n"),
    );
    const rows = [];
    for await (const row of readPlaceFile(path)) rows.push(row);
    expect(rows.map((r) => [r.where, r.values.__parse_error ?? null])).toEqual([
      ["line 1", null],
      ["line 2", expect.stringMatching(/prototype/)],
      ["line 3", expect.stringMatching(/prototype/)],
      ["line 4", "not valid Unicode at name: a lone surrogate escape"],
      ["line 5", null],
    ]);
    expect(rows[4]!.values.name).toBe("Sushi 🍣");
  });
});
