/**
 * Address hints (`full_address` and/or the parts `house`, `street`, `city`, `state`, `postalCode`,
 * `country`) → the API's address object.
 *
 * Parsing is hybrid for speed: the fast structural parser (address-fast.ts) handles the common
 * comma-separated layouts in microseconds; when it cannot account for every segment, pelias-parser
 * parses the text (≈1 ms, loaded once) and the fast parser's extras fill what pelias misses (UK and
 * Canadian postcodes, Australian states, unit/floor/building). Mode "pelias" always uses pelias.
 * Explicit address parts given in the inputs win over parsed ones. `full_address` keeps the whole
 * cleaned input text, so a remainder no field took is never lost (it is also listed in `unparsed`).
 * `country` is ISO alpha-2 where known (the place's resolved country when the text names none);
 * US/Canadian/Australian states are written as their postal codes. Postal-delivery designators
 * (PO Box, CS/BP/TSA, Postfach, CEDEX, ...: address-delivery.ts) fill no field; they are listed in
 * `delivery`. A remainder no field took makes the parse not `complete` (its evidence is LOW).
 */

import { hasBox } from "./address-delivery.js";
import { type FastParse, parseAddressFast } from "./address-fast.js";
import { ADDRESS_KEYS, type AddressObject, type AddressParts, emptyAddress } from "./address-fields.js";
import { type PeliasResult, peliasParse } from "./address-pelias.js";
import { countryFromName, normalizeCountryCode } from "./country.js";
import { regionIn } from "./regions.js";
import { addressParts, cleanString, collapseWhitespace } from "./text.js";

export type AddressParserMode = "hybrid" | "pelias";

export interface AddressInput {
  fullAddress: string | null;
  /** Explicit parts from the inputs (house, street, city, state, postalCode, country, ...). */
  parts: AddressParts;
  countryHint: string | null;
}

export interface AddressParseResult {
  address: AddressObject;
  /** "cjk": read in Japanese/Chinese/Korean order (address-cjk.ts). */
  method: "fast" | "cjk" | "pelias" | "parts";
  /** Street line and city/postcode found, nothing left over. */
  complete: boolean;
  unparsed: string[];
  /** Postal-delivery designators recognized and left out of the fields ("CS 10001", "CEDEX"). */
  delivery: string[];
  peliasScore: number | null;
}

/** Longer texts are not given to pelias (its phrase permutations grow fast); the fast parse stands. */
const PELIAS_MAX_CHARS = 300;

const PELIAS_FIELDS: Readonly<Record<string, keyof AddressParts>> = {
  housenumber: "house",
  street: "street",
  locality: "city",
  region: "state",
  postcode: "postalCode",
  country: "country",
  unit: "unit_number",
};

function fromPelias(result: PeliasResult): AddressParts {
  const parts: AddressParts = {};
  for (const l of result.labels) {
    const key = PELIAS_FIELDS[l.label];
    if (!key) continue;
    parts[key] = parts[key] && key === "street" ? `${parts[key]} & ${l.value}` : (parts[key] ?? l.value);
  }
  return parts;
}

const FILLER =
  /^(suite|ste|apt|apartment|unit|room|rm|flat|#|floor|fl|building|bldg|usa|us|uk|u\.s\.a?\.?)$/i;

/** Segments of the text holding words no field took (they stay readable in full_address). */
function leftover(text: string, parts: AddressParts, delivery: readonly string[]): string[] {
  const taken = new Set<string>();
  for (const v of [...Object.values(parts), ...delivery]) {
    if (v) for (const w of v.toLowerCase().split(/[\s,&/#.-]+/)) if (w) taken.add(w);
  }
  const out: string[] = [];
  for (const seg of addressParts(text)) {
    const words = seg.split(/[\s&/#.-]+/).filter((w) => /[\p{L}\d]/u.test(w));
    const left = words.filter((w) => !taken.has(w.toLowerCase()) && !FILLER.test(w));
    if (left.length > 0 && countryFromName(seg) === null) out.push(collapseWhitespace(seg));
  }
  return out;
}

/** The text without its postal-delivery designators (pelias would read "CS" as a state). */
function withoutDelivery(text: string, delivery: readonly string[]): string {
  let out = text;
  for (const d of delivery) {
    const i = out.toLowerCase().indexOf(d.toLowerCase());
    if (i >= 0) out = `${out.slice(0, i)}${out.slice(i + d.length)}`;
  }
  return out === text
    ? text
    : collapseWhitespace(out.replace(/(\s*,\s*)+/g, ", ").replace(/^[\s,]+|[\s,]+$/g, ""));
}

const STREET_LINE: ReadonlyArray<keyof AddressParts> = ["house", "street"];
const OTHER_FIELDS: ReadonlyArray<keyof AddressParts> = [
  "city",
  "state",
  "postalCode",
  "country",
  "unit_number",
  "floor",
  "building",
];

function parseText(text: string, countryHint: string | null, mode: AddressParserMode) {
  const fast: FastParse = parseAddressFast(text, countryHint);
  // pelias-parser knows neither CJK order nor script: the CJK reading stands, complete or not.
  if (fast.cjk || (mode === "hybrid" && fast.complete) || text.length > PELIAS_MAX_CHARS) {
    return {
      parts: fast.parts,
      unparsed: fast.unparsed,
      delivery: fast.delivery,
      complete: fast.complete,
      method: fast.cjk ? ("cjk" as const) : ("fast" as const),
      score: null,
    };
  }
  let pelias: PeliasResult | null = null;
  try {
    pelias = peliasParse(withoutDelivery(text, fast.delivery));
  } catch {
    // A pelias failure must not lose the address: the structural parse stands.
    return {
      parts: fast.parts,
      unparsed: fast.unparsed,
      delivery: fast.delivery,
      complete: fast.complete,
      method: "fast" as const,
      score: null,
    };
  }
  const fromP = pelias ? fromPelias(pelias) : {};
  // Hybrid: the structural parse wins where it found something, pelias fills the gaps.
  // Pelias mode: the other way round. House and street come as a pair from one parser: the one
  // that found a house number (else the primary one).
  const [primary, secondary] = mode === "hybrid" ? [fast.parts, fromP] : [fromP, fast.parts];
  const parts: AddressParts = {};
  // A box address the structural parser found no street line in ("Box 123, 111 22 Stockholm"):
  // pelias would read the town or the postcode as one; there is none.
  const boxOnly = hasBox(fast.delivery) && fast.parts.street === undefined;
  const lineFrom = boxOnly
    ? fast.parts
    : primary.house !== undefined || (primary.street !== undefined && secondary.house === undefined)
      ? primary
      : secondary;
  for (const key of STREET_LINE) if (lineFrom[key] !== undefined) parts[key] = lineFrom[key];
  for (const key of OTHER_FIELDS) {
    const v = primary[key] ?? secondary[key];
    if (v !== undefined) parts[key] = v;
  }
  const unparsed = leftover(text, parts, fast.delivery);
  const complete = parts.street !== undefined && (parts.city !== undefined || parts.postalCode !== undefined);
  return {
    parts,
    unparsed,
    delivery: fast.delivery,
    // What the structural parser found ambiguous pelias does not settle: not complete (LOW).
    complete: complete && unparsed.length === 0 && !fast.unsure,
    method: "pelias" as const,
    score: pelias?.score ?? 0,
  };
}

function composeFullAddress(a: AddressObject): string | null {
  const line1 = [a.house, a.street].filter(Boolean).join(" ");
  const region = [a.state, a.postalCode].filter(Boolean).join(" ");
  const s = [a.unit_number ? `Unit ${a.unit_number}` : null, line1, a.city, region, a.country]
    .filter((x): x is string => Boolean(x))
    .join(", ");
  return s.length > 0 ? s : null;
}

export function buildAddress(
  input: AddressInput,
  mode: AddressParserMode = "hybrid",
): AddressParseResult | null {
  const text = input.fullAddress ? collapseWhitespace(input.fullAddress) : null;
  const explicit = Object.entries(input.parts).filter(([, v]) => cleanString(v) !== null);
  if (!text && explicit.length === 0) return null;
  const address = emptyAddress();
  let method: AddressParseResult["method"] = "parts";
  let complete = true;
  let unparsed: string[] = [];
  let delivery: string[] = [];
  let peliasScore: number | null = null;
  const hint =
    normalizeCountryCode(input.parts.country) ??
    countryFromName(input.parts.country ?? "") ??
    input.countryHint;
  if (text) {
    const parsed = parseText(text, hint, mode);
    for (const key of ADDRESS_KEYS) address[key] = parsed.parts[key] ?? null;
    method = parsed.method;
    complete = parsed.complete;
    unparsed = parsed.unparsed;
    delivery = parsed.delivery;
    peliasScore = parsed.score;
  }
  for (const [key, value] of explicit) {
    if ((ADDRESS_KEYS as readonly string[]).includes(key))
      address[key as keyof AddressObject] = cleanString(value);
  }
  // Country as alpha-2; states as postal codes where the country's regions are known.
  const country = address.country
    ? (normalizeCountryCode(address.country) ?? countryFromName(address.country) ?? null)
    : null;
  address.country = country ?? input.countryHint ?? null;
  if (address.state) address.state = regionIn(address.country, address.state) ?? address.state;
  address.full_address = text ?? composeFullAddress(address);
  return { address, method, complete, unparsed, delivery, peliasScore };
}
