/**
 * The receiver snippets of docs/webhooks.md (Node and Python), taken from the page as written and
 * run in real child processes (node, python3) against requests signed by our sender's code and
 * against hostile headers an unauthenticated sender can choose. A snippet must answer true for the
 * genuine request and false — never throw (a 500 instead of a 401) — for everything else: a
 * break-it trial made the Python one raise with `X-PlaceEnrich-Timestamp: ²` (isdigit() passes,
 * int() raises) and with a non-ASCII signature (compare_digest raises TypeError).
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "../../src/webhooks/webhook-signature.js";

const run = promisify(execFile);
const SECRET = "whsec_test-secret";
const BODY = '{"event":"batch.completed","event_id":"5f0c1c9e","batch":{"id":"b1","name":"Café"}}';

interface Case {
  name: string;
  /** Header values as a receiver's framework hands them over (null: header absent). */
  timestamp: string | string[] | null;
  signature: string | string[] | null;
  expected: boolean;
}

function cases(): Case[] {
  const now = Math.floor(Date.now() / 1000);
  const good = signWebhook(SECRET, now, BODY);
  const stale = now - 301;
  return [
    { name: "genuine", timestamp: String(now), signature: good, expected: true },
    { name: "wrong signature", timestamp: String(now), signature: `v1=${"0".repeat(64)}`, expected: false },
    {
      name: "stale timestamp",
      timestamp: String(stale),
      signature: signWebhook(SECRET, stale, BODY),
      expected: false,
    },
    { name: "superscript digit timestamp", timestamp: "²", signature: good, expected: false },
    { name: "Arabic-Indic digits timestamp", timestamp: "١٧٠٠٠٠٠٠٠٠", signature: good, expected: false },
    { name: "fullwidth digits timestamp", timestamp: "１７００", signature: good, expected: false },
    { name: "empty timestamp", timestamp: "", signature: good, expected: false },
    { name: "huge timestamp", timestamp: "9".repeat(500), signature: good, expected: false },
    { name: "timestamp with spaces", timestamp: ` ${now} `, signature: good, expected: false },
    { name: "no timestamp", timestamp: null, signature: good, expected: false },
    { name: "no signature", timestamp: String(now), signature: null, expected: false },
    { name: "non-ASCII signature", timestamp: String(now), signature: "v1=é", expected: false },
    {
      name: "non-ASCII signature of the right length",
      timestamp: String(now),
      signature: `v1=${"é".repeat(64)}`,
      expected: false,
    },
    {
      name: "signature with a lone surrogate",
      timestamp: String(now),
      signature: `v1=\ud800${"0".repeat(63)}`,
      expected: false,
    },
    { name: "repeated headers (lists)", timestamp: [String(now)], signature: [good], expected: false },
    { name: "timestamp as a list", timestamp: [String(now)], signature: good, expected: false },
  ];
}

/** The fenced block after the line `label` in docs/webhooks.md. */
function snippet(page: string, label: string, language: string): string {
  const at = page.indexOf(`\n${label}\n`);
  if (at < 0) throw new Error(`no "${label}" snippet in docs/webhooks.md`);
  const open = page.indexOf("```" + language + "\n", at);
  const close = page.indexOf("\n```", open + 3);
  return page.slice(open + language.length + 4, close);
}

const NODE_HARNESS = `
const input = JSON.parse(process.argv[2]);
const out = {};
for (const c of input.cases) {
  const headers = {};
  if (c.timestamp !== null) headers["x-placeenrich-timestamp"] = c.timestamp;
  if (c.signature !== null) headers["x-placeenrich-signature"] = c.signature;
  try { out[c.name] = verifyPlaceEnrich(input.secret, headers, Buffer.from(input.body, "utf8")); }
  catch (error) { out[c.name] = "threw " + error.name; }
}
console.log(JSON.stringify(out));
`;

const PYTHON_HARNESS = `
import json, sys
_input = json.loads(sys.argv[1])
_out = {}
for _c in _input["cases"]:
    _headers = {}
    if _c["timestamp"] is not None: _headers["X-PlaceEnrich-Timestamp"] = _c["timestamp"]
    if _c["signature"] is not None: _headers["X-PlaceEnrich-Signature"] = _c["signature"]
    try:
        _out[_c["name"]] = verify_place_enrich(_input["secret"], _headers, _input["body"].encode("utf-8"))
    except Exception as error:
        _out[_c["name"]] = "raised " + type(error).__name__
print(json.dumps(_out))
`;

describe("docs/webhooks.md receiver snippets", () => {
  let dir: string;
  let page: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "webhook-snippets-"));
    page = await readFile(new URL("../../docs/webhooks.md", import.meta.url), "utf8");
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function expectedResults(all: Case[]) {
    return Object.fromEntries(all.map((c) => [c.name, c.expected]));
  }

  it("Node: true for a genuine request, false (no throw) for hostile headers", async () => {
    const file = join(dir, "verify.mjs");
    await writeFile(file, snippet(page, "Node:", "js") + NODE_HARNESS);
    const all = cases();
    const { stdout } = await run(process.execPath, [
      file,
      JSON.stringify({ secret: SECRET, body: BODY, cases: all }),
    ]);
    expect(JSON.parse(stdout)).toEqual(expectedResults(all));
  });

  it("Python: true for a genuine request, false (no exception) for hostile headers", async () => {
    const file = join(dir, "verify.py");
    await writeFile(file, snippet(page, "Python:", "python") + PYTHON_HARNESS);
    const all = cases();
    const { stdout } = await run("python3", [
      file,
      JSON.stringify({ secret: SECRET, body: BODY, cases: all }),
    ]);
    expect(JSON.parse(stdout)).toEqual(expectedResults(all));
  });
});
