/**
 * The "prefilled" source: the job's `prefilled_data` (API.md §3, values the client already has, keyed
 * by attribute then output field) as evidence, cited as "client-prefilled value". Like every input
 * hint it is unverified ("moderate", capped at MEDIUM by confidence.ts).
 *
 * Every field goes through the normalizer of its kind before it can reach an output, the same one an
 * input hint of that kind goes through: phones to E.164, websites, emails, social handles, opening
 * hours (OSM text or a week object → the week, its groups and whether it is open around the clock),
 * address (text or parts → the address object), categories (→ Overture category codes), cuisines,
 * price tier, currency; names are cleaned; a status, a date, a language tag, a number are checked
 * against what the field may hold. A value of the wrong shape, or that does not normalize, becomes
 * rejected evidence (null) with the reason, never an output: a prefilled `{"Funday": 42}` once came
 * back as the place's opening hours (new-user trial). Only the requested attributes' fields are read
 * (prepare.ts kept those we know).
 */
import type { AttributeKey } from "../../domain/attributes.js";
import { buildAddress } from "../normalize/address.js";
import { ADDRESS_KEYS, type AddressParts } from "../normalize/address-fields.js";
import { cuisineValue } from "../normalize/cuisine.js";
import { normalizeCurrency } from "../normalize/currency.js";
import { normalizeEmail } from "../normalize/email.js";
import { cleanName } from "../normalize/name.js";
import { DAY_ABBREVIATIONS, parseOpeningHours } from "../normalize/opening-hours.js";
import { normalizePhone } from "../normalize/phone.js";
import { parsePriceTier } from "../normalize/price-tier.js";
import { parseSocialHint, type SocialPlatform } from "../normalize/social.js";
import { quote } from "../normalize/text.js";
import { normalizeWebsite } from "../normalize/website.js";
import { normalizedInputs } from "../prepare.js";
import { mapCategoryHint } from "../taxonomy/category-mapper.js";
import type { Evidence, EvidenceSource, PreparedPlace } from "../types.js";

const SOURCE = "prefilled";

type Kind = "text" | "texts" | "object" | "list" | "boolean" | "number" | "coordinates" | "textOrObject";

/** The JSON shape of each output field (API.md §2.4); a prefilled value of another shape is rejected. */
// biome-ignore format: compact lookup table
const KIND: Readonly<Record<string, Kind>> = {
  open_closed_status: "text", date_closed: "text", website: "text", phone: "text", phone_additional: "texts",
  opening_hours: "textOrObject", opening_hours_grouped_by_hours: "list", is_open_24h: "boolean",
  name: "text", alt_name: "text", official_name: "text", brand_name: "text", common_names: "texts",
  multilingual_names: "object", address: "textOrObject", categories: "texts", coordinates: "coordinates",
  coordinates_distance: "number", instagram: "text", facebook: "text", tiktok: "text", email: "text",
  chain_id: "text", chain_name: "text", chain_domains: "texts", number_of_locations: "number",
  cuisines: "texts", price_tier: "number", currency: "text",
};

function hasKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case "text":
      return typeof value === "string" && value.trim().length > 0 && value.length <= MAX_TEXT;
    case "texts":
      return (
        Array.isArray(value) &&
        value.length > 0 &&
        value.length <= MAX_LIST &&
        value.every((v) => typeof v === "string" && v.length <= MAX_TEXT)
      );
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "textOrObject":
      return (
        (typeof value === "string" && value.trim().length > 0 && value.length <= MAX_TEXT) ||
        hasKind(value, "object")
      );
    case "list":
      return Array.isArray(value) && value.length > 0;
    case "boolean":
      return typeof value === "boolean";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "coordinates":
      return (
        Array.isArray(value) &&
        value.length === 2 &&
        typeof value[0] === "number" &&
        typeof value[1] === "number" &&
        Math.abs(value[0]) <= 90 &&
        Math.abs(value[1]) <= 180
      );
  }
}

/** Longest text a field takes (an address line, a name, an id), and longest list: more is no value. */
const MAX_TEXT = 300;
const MAX_LIST = 50;

const KIND_TEXT: Readonly<Record<Kind, string>> = {
  text: `a non-empty string of at most ${MAX_TEXT} characters`,
  texts: `a list of at most ${MAX_LIST} strings of at most ${MAX_TEXT} characters`,
  object: "an object",
  textOrObject: `a text (at most ${MAX_TEXT} characters) or an object`,
  list: "a non-empty list",
  boolean: "true or false",
  number: "a number",
  coordinates: "[latitude, longitude]",
};

/** What a field's value normalizes to: the evidence values (field, value), or why it is refused. */
type Normalized = Array<readonly [field: string, value: unknown]> | { refused: string };

const refused = (why: string): Normalized => ({ refused: why });

/** The statuses of API.md §2.4, by their lower-cased writing. */
const STATUSES = new Map(
  ["Open", "Closed", "Temporarily Closed"].map((s) => [s.toLowerCase().replace(/[\s_-]+/g, " "), s]),
);
const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const LANGUAGE_TAG = /^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function isoDate(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    text.trim(),
  );
  if (!m || Number(m[1]) < 1800 || (m[0].length > 10 && Number.isNaN(Date.parse(m[0])))) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3])
    ? `${m[1]}-${m[2]}-${m[3]}`
    : null;
}

function hoursGroup(group: unknown): boolean {
  if (typeof group !== "object" || group === null || Array.isArray(group)) return false;
  const { days, opens, closes } = group as Record<string, unknown>;
  return (
    Array.isArray(days) &&
    days.length > 0 &&
    days.every((d) => (DAY_ABBREVIATIONS as readonly unknown[]).includes(d)) &&
    typeof opens === "string" &&
    HH_MM.test(opens) &&
    typeof closes === "string" &&
    HH_MM.test(closes)
  );
}

/** Texts that serialize an absent value, not an address part ("NaN Infinity, undefined"). */
const PLACEHOLDERS: ReadonlySet<string> = new Set([
  "nan",
  "infinity",
  "-infinity",
  "undefined",
  "null",
  "none",
]);
const comparable = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s.,]+/g, " ");

function addressOf(value: unknown, place: PreparedPlace): Normalized {
  let fullAddress: string | null = typeof value === "string" ? value : null;
  const parts: AddressParts = {};
  if (typeof value === "object" && value !== null) {
    const unknown: string[] = [];
    for (const [key, part] of Object.entries(value)) {
      if (part === null) continue;
      if (!(ADDRESS_KEYS as readonly string[]).includes(key)) unknown.push(key);
      else if (typeof part !== "string" && typeof part !== "number")
        return refused(`has a ${key} that is not a text`);
      else if (String(part).length > MAX_TEXT)
        return refused(`has a ${key} longer than ${MAX_TEXT} characters`);
      else if (PLACEHOLDERS.has(String(part).trim().toLowerCase()))
        return refused(`has a ${key} that stands for no value (${quote(String(part))})`);
      else if (key === "full_address") fullAddress = String(part);
      else parts[key as keyof AddressParts] = String(part);
    }
    if (unknown.length > 0) return refused(`has keys an address does not have: ${unknown.join(", ")}`);
  }
  if (fullAddress !== null && Object.keys(parts).length > 0) {
    // Text and parts must be one address: the parts override the parse, so a text they contradict
    // would stay in full_address beside them.
    const text = buildAddress({ fullAddress, parts: {}, countryHint: parts.country ?? place.countryCode });
    // Not the street: "Main Street" and the parse's "Main St" are one street.
    const disagree = (["house", "city", "postalCode"] as const).filter((k) => {
      const parsed = text?.address[k] ? comparable(text.address[k]) : null;
      const given = parts[k] ? comparable(parts[k]) : null;
      return parsed && given && !parsed.startsWith(given) && !given.startsWith(parsed);
    });
    if (disagree.length > 0) return refused(`has a text and parts that disagree (${disagree.join(", ")})`);
  }
  const parsed = buildAddress({ fullAddress, parts, countryHint: place.countryCode });
  return parsed ? [["address", parsed.address]] : refused("holds no address");
}

/** Each field's normalizer, the one its input hint goes through (inputs-source.ts); else the value as it is. */
const NORMALIZE: Readonly<Record<string, (value: unknown, place: PreparedPlace) => Normalized>> = {
  open_closed_status: (v) => {
    const status = STATUSES.get(
      (v as string)
        .trim()
        .toLowerCase()
        .replace(/[\s_-]+/g, " "),
    );
    return status ? [["open_closed_status", status]] : refused("is not Open, Closed or Temporarily Closed");
  },
  date_closed: (v) => {
    const date = isoDate(v as string);
    return date ? [["date_closed", date]] : refused("is not a date (YYYY-MM-DD)");
  },
  phone: (v, place) => phones([v as string], place),
  phone_additional: (v, place) => phones(v as string[], place),
  website: (v) => {
    const w = normalizeWebsite(v as string);
    return w.kind === "website" ? [["website", w.url]] : refused("is not the place's own website");
  },
  email: (v) => {
    const email = normalizeEmail(v as string);
    return email ? [["email", email]] : refused("is not a valid email address");
  },
  opening_hours: (v) => weekOf(v),
  // Rebuilt through the hours parser (as OSM rules, one per group, added together): the output has
  // the parser's shape, never the client's objects, and the week and 24 h agree with it.
  opening_hours_grouped_by_hours: (v) => {
    const groups = v as unknown[];
    if (!groups.every(hoursGroup))
      return refused(
        `is not a list of {days: [${DAY_ABBREVIATIONS.join(", ")}], opens: "HH:MM", closes: "HH:MM"}`,
      );
    const rules = (groups as Array<{ days: string[]; opens: string; closes: string }>).map(
      (g) => `${[...new Set(g.days)].map((d) => d.slice(0, 2)).join(",")} ${g.opens}-${g.closes}`,
    );
    return weekOf(rules.join(", "));
  },
  name: (v) => name("name", v as string),
  alt_name: (v) => name("alt_name", v as string),
  official_name: (v) => name("official_name", v as string),
  brand_name: (v) => name("brand_name", v as string),
  chain_name: (v) => name("chain_name", v as string),
  common_names: (v) => {
    const cleaned = (v as string[]).map(cleanName).filter(Boolean);
    return cleaned.length > 0 ? [["common_names", cleaned]] : refused("holds no name");
  },
  multilingual_names: (v) => {
    const entries = Object.entries(v as Record<string, unknown>);
    const bad = entries.find(
      ([tag, name]) => !LANGUAGE_TAG.test(tag) || typeof name !== "string" || !name.trim(),
    );
    if (bad || entries.length === 0)
      return refused("is not an object of language tags (en, zh-Hant) to names");
    return [
      [
        "multilingual_names",
        Object.fromEntries(entries.map(([tag, name]) => [tag, cleanName(name as string)])),
      ],
    ];
  },
  address: addressOf,
  categories: (v) => {
    const codes = (v as string[]).map((hint) => mapCategoryHint(hint)?.code ?? null);
    const unknown = (v as string[]).filter((_, i) => codes[i] === null);
    if (unknown.length > 0)
      return refused(
        `names categories that match no Overture category: ${unknown.map((u) => quote(u, 30)).join(", ")}`,
      );
    return [["categories", [...new Set(codes)]]];
  },
  coordinates_distance: (v) =>
    (v as number) >= 0 && (v as number) <= 40_075_000
      ? [["coordinates_distance", v]]
      : refused("is not a distance in metres (≥ 0)"),
  instagram: (v) => social("instagram", v as string),
  facebook: (v) => social("facebook", v as string),
  tiktok: (v) => social("tiktok", v as string),
  chain_domains: (v) => {
    const domains = (v as string[]).map((d) =>
      d
        .trim()
        .toLowerCase()
        .replace(/^www\./, ""),
    );
    return domains.every((d) => DOMAIN.test(d))
      ? [["chain_domains", [...new Set(domains)]]]
      : refused("is not a list of domain names (example.com)");
  },
  number_of_locations: (v) =>
    Number.isSafeInteger(v) && (v as number) >= 1
      ? [["number_of_locations", v]]
      : refused("is not a whole number of locations (≥ 1)"),
  cuisines: (v) => {
    const values = (v as string[]).map(cuisineValue);
    return values.every((c) => c !== null && /^[\p{L}\p{N}_]+$/u.test(c))
      ? [["cuisines", [...new Set(values)]]]
      : refused("is not a list of cuisines (up to 40 characters each)");
  },
  price_tier: (v) => {
    const tier = Number.isInteger(v) ? parsePriceTier(v) : null;
    return tier ? [["price_tier", tier.tier]] : refused("is not a price tier (1-4)");
  },
  currency: (v) => {
    const currency = normalizeCurrency(v);
    return currency ? [["currency", currency]] : refused("is not an ISO 4217 code");
  },
};

/** Opening hours (OSM text or a week object) → the week, its groups and 24 h, as an input's. */
function weekOf(v: unknown): Normalized {
  const h = parseOpeningHours(v);
  if (!h.ok) return refused(`is not opening hours (${h.reason.replace(/^input opening_hours\s*/, "")})`);
  const out: Array<readonly [string, unknown]> = [
    ["opening_hours", h.value.opening_hours],
    ["opening_hours_grouped_by_hours", h.value.opening_hours_grouped_by_hours],
  ];
  if (h.value.is_open_24h !== null) out.push(["is_open_24h", h.value.is_open_24h]);
  return out;
}

function phones(raw: readonly string[], place: PreparedPlace): Normalized {
  const out: Array<readonly [string, unknown]> = [];
  const bad: string[] = [];
  for (const number of raw) {
    const p = normalizePhone(number, place.countryCode);
    if (p.ok) out.push(["phone", p.e164]);
    else bad.push(`${quote(number)}: ${p.reason}`);
  }
  return bad.length > 0 && out.length === 0 ? refused(bad.join("; ")) : out;
}

function name(field: string, raw: string): Normalized {
  const cleaned = cleanName(raw);
  return cleaned ? [[field, cleaned]] : refused("holds no name");
}

function social(platform: SocialPlatform, raw: string): Normalized {
  const handle = parseSocialHint(platform, raw);
  return handle ? [[platform, handle]] : refused(`is not a valid ${platform} account`);
}

function note(attribute: AttributeKey, field: string): string {
  return `client-prefilled value (prefilled_data.${attribute}.${field})`;
}

/** Evidence for one prefilled field; `attribute` names where the client put it. */
function fieldEvidence(
  place: PreparedPlace,
  attribute: AttributeKey,
  field: string,
  value: unknown,
): Evidence[] {
  const cited = note(attribute, field);
  const evidence = (f: string, v: unknown, n = cited): Evidence => ({
    field: f,
    value: v,
    source: SOURCE,
    strength: v === null ? "weak" : "moderate",
    note: n,
  });
  const kind = KIND[field];
  if (!kind) return [];
  const shown = () => quote(typeof value === "string" ? value : (JSON.stringify(value) ?? ""), 40);
  if (!hasKind(value, kind)) return [evidence(field, null, `${cited} ${shown()} is not ${KIND_TEXT[kind]}`)];
  const normalize = NORMALIZE[field];
  if (!normalize) return [evidence(field, typeof value === "string" ? value.trim() : value)];
  const normalized = normalize(value, place);
  if ("refused" in normalized) return [evidence(field, null, `${cited} ${shown()} ${normalized.refused}`)];
  return normalized.map(([f, v]) => evidence(f, v));
}

export function createPrefilledSource(): EvidenceSource {
  return {
    name: SOURCE,
    async collect(place, attributes) {
      const prefilled = normalizedInputs(place).prefilled;
      const out: Evidence[] = [];
      for (const attribute of attributes) {
        const fields = prefilled?.[attribute];
        if (!fields) continue;
        for (const [field, value] of Object.entries(fields)) {
          out.push(...fieldEvidence(place, attribute, field, value));
        }
      }
      return out;
    },
  };
}
