/**
 * The "prefilled" source: the job's `prefilled_data` (API.md §3, values the client already has, keyed
 * by attribute then output field) as evidence, cited as "client-prefilled value". Like every input
 * hint it is unverified ("moderate", capped at MEDIUM by confidence.ts). Values of the wrong shape
 * become rejected evidence with a reason; phones, websites and emails are normalized as input hints
 * are (a phone_additional number is one more phone candidate: the phone resolver splits the best
 * from the rest). Only the requested attributes' fields are read (prepare.ts kept those we know).
 */
import type { AttributeKey } from "../../domain/attributes.js";
import { normalizeEmail } from "../normalize/email.js";
import { normalizePhone } from "../normalize/phone.js";
import { quote } from "../normalize/text.js";
import { normalizeWebsite } from "../normalize/website.js";
import { normalizedInputs } from "../prepare.js";
import type { Evidence, EvidenceSource, PreparedPlace } from "../types.js";

const SOURCE = "prefilled";

type Kind = "text" | "texts" | "object" | "list" | "boolean" | "number" | "coordinates";

/** The JSON shape of each output field (API.md §2.4); a prefilled value of another shape is rejected. */
// biome-ignore format: compact lookup table
const KIND: Readonly<Record<string, Kind>> = {
  open_closed_status: "text", date_closed: "text", website: "text", phone: "text", phone_additional: "texts",
  opening_hours: "object", opening_hours_grouped_by_hours: "list", is_open_24h: "boolean",
  name: "text", alt_name: "text", official_name: "text", brand_name: "text", common_names: "texts",
  multilingual_names: "object", address: "object", categories: "texts", coordinates: "coordinates",
  coordinates_distance: "number", instagram: "text", facebook: "text", tiktok: "text", email: "text",
  chain_id: "text", chain_name: "text", chain_domains: "texts", number_of_locations: "number",
  cuisines: "texts", price_tier: "number", currency: "text",
};

function hasKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case "text":
      return typeof value === "string" && value.trim().length > 0;
    case "texts":
      return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string");
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
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

const KIND_TEXT: Readonly<Record<Kind, string>> = {
  text: "a non-empty string",
  texts: "a list of strings",
  object: "an object",
  list: "a non-empty list",
  boolean: "true or false",
  number: "a number",
  coordinates: "[latitude, longitude]",
};

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
  if (!hasKind(value, kind)) {
    const shown = quote(typeof value === "string" ? value : (JSON.stringify(value) ?? ""), 40);
    return [evidence(field, null, `${cited} ${shown} is not ${KIND_TEXT[kind]}`)];
  }
  if (field === "phone" || field === "phone_additional") {
    const numbers = field === "phone" ? [value as string] : (value as string[]);
    return numbers.map((raw) => {
      const p = normalizePhone(raw, place.countryCode);
      return p.ok
        ? evidence("phone", p.e164)
        : evidence("phone", null, `${cited} ${quote(raw)}: ${p.reason}`);
    });
  }
  if (field === "website") {
    const w = normalizeWebsite(value as string);
    return [
      w.kind === "website"
        ? evidence("website", w.url)
        : evidence("website", null, `${cited} ${quote(value as string, 60)} is not the place's own website`),
    ];
  }
  if (field === "email") {
    const email = normalizeEmail(value as string);
    return [
      email
        ? evidence("email", email)
        : evidence("email", null, `${cited} ${quote(value as string)} is not a valid email address`),
    ];
  }
  return [evidence(field, typeof value === "string" ? value.trim() : value)];
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
