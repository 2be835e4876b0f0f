/**
 * The "inputs" source: turns the submitted fields into evidence — normalized where valid, rejected
 * with a reason where not. Only the requested attributes' hints are parsed. Strengths: valid
 * normalized hints are "moderate" (MEDIUM, unverified), the name "strong" (HIGH, client-supplied),
 * derived guesses and partial parses "weak" (LOW). See confidence.ts for the caps.
 */
import type { AttributeKey } from "../../domain/attributes.js";
import { type AddressParserMode, buildAddress } from "../normalize/address.js";
import { osmCuisineKey } from "../normalize/cuisine.js";
import { currencyOfCountry, normalizeCurrency } from "../normalize/currency.js";
import { normalizeEmail } from "../normalize/email.js";
import { cleanName } from "../normalize/name.js";
import { parseOpeningHours } from "../normalize/opening-hours.js";
import { normalizePhone, splitPhoneHint } from "../normalize/phone.js";
import { parsePriceTier } from "../normalize/price-tier.js";
import { parseSocialHint, SOCIAL_PLATFORMS } from "../normalize/social.js";
import { cleanString, cleanStringList, quote } from "../normalize/text.js";
import { normalizeWebsite } from "../normalize/website.js";
import { type NormalizedInputs, normalizedInputs } from "../prepare.js";
import { cuisineOfCategory, hintKey, mapCategoryHint } from "../taxonomy/category-mapper.js";
import type { Evidence, EvidenceSource, PreparedPlace } from "../types.js";
import { wants } from "./wanted.js";

const SOURCE = "inputs";

export interface InputsSourceOptions {
  addressParser?: AddressParserMode;
}

type Push = (
  field: string,
  value: unknown,
  strength: Evidence["strength"],
  note: string,
  detail?: Record<string, unknown>,
) => void;

function phoneEvidence(n: NormalizedInputs, country: string | null, push: Push): void {
  if (!n.phone) return;
  for (const raw of splitPhoneHint(n.phone)) {
    const p = normalizePhone(raw, country);
    if (p.ok) {
      const how = p.rewrite ? `; ${p.rewrite}` : "";
      push(
        "phone",
        p.e164,
        "moderate",
        `input phone hint (valid ${p.country ?? "international"} number${how})`,
      );
    } else push("phone", null, "weak", p.reason);
  }
}

function websiteEvidence(n: NormalizedInputs, attributes: readonly AttributeKey[], push: Push): void {
  if (!n.website) return;
  const w = normalizeWebsite(n.website);
  if (w.kind === "website") {
    if (wants(attributes, "websites"))
      push("website", w.url, "moderate", `input website hint (${w.domain})`, { domain: w.domain });
  } else if (w.kind === "social") {
    if (wants(attributes, "websites")) {
      push(
        "website",
        null,
        "weak",
        `input website ${quote(n.website, 60)} is a ${w.platform} profile, not the place's own website`,
      );
    }
    if (wants(attributes, "socialHandles"))
      push(w.platform, w.handle, "moderate", `${w.platform} profile URL given as input website`);
  } else if (wants(attributes, "websites")) {
    push("website", null, "weak", w.reason);
  }
}

const PARSER_NAMES: Readonly<Record<string, string>> = {
  fast: "structural parser",
  cjk: "structural parser, largest unit first",
  pelias: "pelias-parser",
  parts: "parts",
};

function addressEvidence(
  place: PreparedPlace,
  n: NormalizedInputs,
  mode: AddressParserMode,
  push: Push,
): void {
  const start = performance.now();
  const parsed = buildAddress(
    { fullAddress: n.fullAddress, parts: n.addressParts, countryHint: place.countryCode },
    mode,
  );
  if (!parsed) return;
  const ms = Math.round((performance.now() - start) * 1000) / 1000;
  const what = n.fullAddress
    ? `input full_address parsed (${PARSER_NAMES[parsed.method]})`
    : "input address parts";
  const partsNote =
    n.fullAddress && Object.keys(n.addressParts).length > 0 ? " with input address parts" : "";
  const leftover =
    parsed.unparsed.length > 0 ? `; not parsed: ${parsed.unparsed.map((u) => quote(u, 30)).join(", ")}` : "";
  const delivery =
    parsed.delivery.length > 0
      ? `; postal delivery kept out of the fields: ${parsed.delivery.map((d) => quote(d, 30)).join(", ")}`
      : "";
  push(
    "address",
    parsed.address,
    parsed.complete ? "moderate" : "weak",
    `${what}${partsNote}${leftover}${delivery}`,
    {
      method: parsed.method,
      complete: parsed.complete,
      unparsed: parsed.unparsed,
      delivery: parsed.delivery,
      peliasScore: parsed.peliasScore,
      ms,
    },
  );
}

function categoryEvidence(n: NormalizedInputs, attributes: readonly AttributeKey[], push: Push): void {
  for (const hint of n.categoryHints) {
    const m = mapCategoryHint(hint);
    if (!m) {
      if (wants(attributes, "categories"))
        push("categories", null, "weak", `input category hint ${quote(hint)} matches no Overture category`);
      continue;
    }
    // A broader category than the hint names (closest to an Overture basic category) is LOW.
    if (wants(attributes, "categories"))
      push(
        "categories",
        m.code,
        m.approximate ? "weak" : "moderate",
        `input category hint ${quote(hint)} (${m.how})`,
      );
    const cuisine = cuisineOfCategory(m.code);
    if (cuisine && wants(attributes, "cuisine"))
      push("cuisines", cuisine, "weak", `category ${m.code} from input hint`);
  }
}

function hoursEvidence(n: NormalizedInputs, push: Push): void {
  if (n.openingHours === null || n.openingHours === undefined) return;
  const h = parseOpeningHours(n.openingHours);
  if (!h.ok) {
    push("opening_hours", null, "weak", h.reason);
    return;
  }
  const aside =
    h.exceptions.length > 0
      ? `; ${h.partial ? "seasonal rules and exceptions" : "exceptions"} not in the weekly hours: ${h.exceptions.map((x) => quote(x, 30)).join(", ")}`
      : "";
  const note = `input opening_hours (${h.format === "osm" ? "OSM syntax" : "structured"}${aside})`;
  // Seasonal rules set aside: the weekly hours hold for part of the year only.
  const strength = h.partial ? "weak" : "moderate";
  push("opening_hours", h.value.opening_hours, strength, note);
  push("opening_hours_grouped_by_hours", h.value.opening_hours_grouped_by_hours, strength, note);
  if (h.value.is_open_24h !== null) push("is_open_24h", h.value.is_open_24h, strength, note);
}

function extrasEvidence(
  place: PreparedPlace,
  n: NormalizedInputs,
  attributes: readonly AttributeKey[],
  push: Push,
): void {
  const x = n.extras;
  if (wants(attributes, "socialHandles")) {
    for (const platform of SOCIAL_PLATFORMS) {
      const raw = cleanString(x[platform]);
      if (!raw) continue;
      const handle = parseSocialHint(platform, raw);
      if (handle) push(platform, handle, "moderate", `input ${platform} hint`);
      else push(platform, null, "weak", `input ${platform} ${quote(raw)} is not a valid ${platform} account`);
    }
  }
  if (wants(attributes, "email_address")) {
    for (const key of ["email", "email_address"] as const) {
      const raw = cleanString(x[key]);
      if (!raw) continue;
      const email = normalizeEmail(raw);
      if (email) push("email", email, "moderate", `input ${key} hint`);
      else push("email", null, "weak", `input ${key} ${quote(raw)} is not a valid email address`);
    }
  }
  if (wants(attributes, "names")) {
    for (const key of ["alt_name", "official_name"] as const) {
      const raw = cleanString(x[key]);
      if (raw) push(key, cleanName(raw), "moderate", `input ${key}`);
    }
  }
  if (wants(attributes, "cuisine")) {
    for (const key of ["cuisine", "cuisines"] as const) {
      for (const raw of cleanStringList(x[key]).flatMap((s) => s.split(/[;,]/))) {
        // "Mexicana" → mexican, as the website's servesCuisine; an unknown cuisine as its key.
        const c = osmCuisineKey(raw) ?? hintKey(raw);
        if (c && c.length <= 40) push("cuisines", c, "moderate", `input ${key} hint`);
      }
    }
  }
  if (wants(attributes, "price_tier")) {
    let tier: ReturnType<typeof parsePriceTier> = null;
    for (const key of ["price_tier", "price_level", "price"] as const) {
      if (x[key] === undefined) continue;
      tier = parsePriceTier(x[key]);
      if (tier) {
        push("price_tier", tier.tier, "moderate", `input ${key} hint`);
        if (tier.currency) push("currency", tier.currency, "moderate", `currency symbol of input ${key}`);
        break;
      }
      push(
        "price_tier",
        null,
        "weak",
        `input ${key} ${quote(String(x[key]))} is not a price tier (1-4 or $-$$$$)`,
      );
    }
    const currency = normalizeCurrency(x.currency);
    if (currency) push("currency", currency, "moderate", "input currency hint");
    else if (x.currency !== undefined)
      push("currency", null, "weak", `input currency ${quote(String(x.currency))} is not an ISO 4217 code`);
    const local = currencyOfCountry(place.countryCode);
    if (tier && local)
      push(
        "currency",
        local,
        "weak",
        `currency of ${place.countryCode} (${place.countrySource ?? "?"} country)`,
      );
  }
}

export function createInputsSource(options: InputsSourceOptions = {}): EvidenceSource {
  const mode = options.addressParser ?? "hybrid";
  return {
    name: SOURCE,
    async collect(place, attributes) {
      const n = normalizedInputs(place);
      const out: Evidence[] = [];
      const push: Push = (field, value, strength, note, detail) =>
        out.push(
          detail
            ? { field, value, source: SOURCE, strength, note, detail }
            : { field, value, source: SOURCE, strength, note },
        );
      if (wants(attributes, "names") && place.name)
        push("name", place.name, "strong", "the client's name for the place");
      if (wants(attributes, "phoneNumbers")) phoneEvidence(n, place.countryCode, push);
      if (wants(attributes, "websites", "socialHandles")) websiteEvidence(n, attributes, push);
      if (wants(attributes, "address")) addressEvidence(place, n, mode, push);
      if (wants(attributes, "categories", "cuisine")) categoryEvidence(n, attributes, push);
      if (wants(attributes, "openingHours")) hoursEvidence(n, push);
      if (wants(attributes, "coordinates") && n.coordinates) {
        push("coordinates", [n.coordinates.lat, n.coordinates.lng], "moderate", `input ${n.coordinatesFrom}`);
      }
      extrasEvidence(place, n, attributes, push);
      return out;
    },
  };
}
