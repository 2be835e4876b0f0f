/**
 * JSON-LD blocks (`<script type="application/ld+json">`) → schema nodes.
 *
 * Handled: a block holding one object, a top-level array, `@graph` (at the top or nested), `@type`
 * as a string or a list, full-IRI or `schema:` prefixed types and property names, `@id`
 * references to nodes defined elsewhere on the page (in any block), `{"@value": …}` literals, and
 * malformed blocks (lenient-json.ts). Blocks that still fail are counted, not fatal.
 */
import type { PageDocument } from "./document.js";
import { parseLenientJson } from "./lenient-json.js";
import { pageIndex, scriptText } from "./page-index.js";
import { addValue, newNode, type SchemaNode, type SchemaValue } from "./schema-node.js";
import { schemaTypeName } from "./schema-types.js";

export interface JsonLdResult {
  /** Every node with a type, top-level and nested, references resolved. */
  nodes: SchemaNode[];
  /** Every `@type` seen, in page order, deduplicated. */
  types: string[];
  /** Blocks that were not JSON even after repair. */
  errors: number;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const MAX_DEPTH = 8;
const MAX_BLOCK = 500_000;

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function propName(key: string): string {
  return key.replace(/^https?:\/\/(?:www\.)?schema\.org\//i, "").replace(/^schema:/i, "");
}

function typesOf(o: JsonObject): string[] {
  const t = o["@type"];
  const list = Array.isArray(t) ? t : t === undefined ? [] : [t];
  return list.filter((x): x is string => typeof x === "string").map(schemaTypeName);
}

/** Every object of the parsed blocks, depth-first, `@graph` members included. */
function allObjects(value: Json, out: JsonObject[], depth = 0): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const v of value) allObjects(v, out, depth + 1);
  } else if (isObject(value)) {
    out.push(value);
    for (const [k, v] of Object.entries(value)) {
      if (k !== "@context") allObjects(v, out, depth + 1);
    }
  }
}

/** The page's JSON-LD as schema nodes. */
export function extractJsonLd($: PageDocument): JsonLdResult {
  const parsed: Json[] = [];
  let errors = 0;
  for (const el of pageIndex($).jsonLd) {
    const raw = scriptText(el);
    if (raw.length > MAX_BLOCK) continue;
    const value = parseLenientJson(raw);
    if (value === undefined) errors++;
    else parsed.push(value as Json);
  }
  const objects: JsonObject[] = [];
  for (const p of parsed) allObjects(p, objects);
  // A node may be defined once and referenced elsewhere by its @id; the fullest definition wins.
  const byId = new Map<string, JsonObject>();
  for (const o of objects) {
    const id = o["@id"];
    if (typeof id !== "string") continue;
    const known = byId.get(id);
    if (!known || Object.keys(o).length > Object.keys(known).length) byId.set(id, o);
  }
  const converted = new Map<JsonObject, SchemaNode>();
  const convert = (o: JsonObject, depth: number, path: Set<JsonObject>): SchemaNode => {
    const done = converted.get(o);
    if (done) return done;
    const id = typeof o["@id"] === "string" ? o["@id"] : undefined;
    const node = newNode(typesOf(o), id);
    if (depth > MAX_DEPTH || path.has(o)) return node;
    path.add(o);
    for (const [key, raw] of Object.entries(o)) {
      if (key.startsWith("@")) continue;
      const prop = propName(key);
      for (const v of Array.isArray(raw) ? raw : [raw]) {
        const value = toValue(v, depth, path);
        if (value !== null) addValue(node, prop, value);
      }
    }
    path.delete(o);
    converted.set(o, node);
    return node;
  };
  const toValue = (v: Json, depth: number, path: Set<JsonObject>): SchemaValue | null => {
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    if (!isObject(v)) return null;
    if ("@value" in v) {
      const lit = v["@value"];
      return typeof lit === "string" || typeof lit === "number" ? String(lit) : null;
    }
    const keys = Object.keys(v);
    if (keys.length === 1 && typeof v["@id"] === "string") {
      const target = byId.get(v["@id"]);
      return target && target !== v ? convert(target, depth + 1, path) : v["@id"];
    }
    return convert(v, depth + 1, path);
  };
  const nodes: SchemaNode[] = [];
  const types: string[] = [];
  const seenTypes = new Set<string>();
  for (const o of objects) {
    const t = typesOf(o);
    if (t.length === 0) continue;
    for (const name of t) {
      if (!seenTypes.has(name)) {
        seenTypes.add(name);
        types.push(name);
      }
    }
    // Only the fullest definition of an @id becomes a node; references resolve to it.
    const id = o["@id"];
    if (typeof id === "string" && byId.get(id) !== o) continue;
    nodes.push(convert(o, 0, new Set()));
  }
  return { nodes, types, errors };
}
