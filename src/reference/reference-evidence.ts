/**
 * A matched reference record → evidence for the requested attributes. The evidence's source is
 * `reference:<source name>` (independent of the inputs, so two sources agreeing raise the level one
 * step, see confidence.ts), its note names the source, the record id, the match probability and the
 * distance, and its strength folds in:
 *
 * - the match probability: ≥ 0.9 strong (HIGH), ≥ 0.7 moderate (MEDIUM), below weak (LOW);
 * - freshness: a record last refreshed / checked more than STALE_YEARS ago loses a step;
 * - the dataset's own existence confidence (Overture): below 0.5 loses a step.
 *
 * Open/closed: an explicit status (Overture `operating_status`, FSQ `date_closed`, OSM lifecycle
 * prefixes) is evidence at that strength; a record with no closure flag is weak evidence of "Open"
 * only when it was refreshed within FRESH_OPEN_YEARS.
 */
import type { AttributeKey } from "../domain/attributes.js";
import { parseOpeningHours } from "../enrich/normalize/opening-hours.js";
import { wants } from "../enrich/sources/wanted.js";
import { cuisineOfCategory } from "../enrich/taxonomy/category-mapper.js";
import type { Evidence, EvidenceStrength } from "../enrich/types.js";
import type { MatchOutcome } from "./match/matcher.js";
import type { StoredReferenceRecord } from "./record.js";

const STALE_YEARS = 3;
const FRESH_OPEN_YEARS = 2;
const YEAR_MS = 365.25 * 86_400_000;
const LEVELS: readonly EvidenceStrength[] = ["weak", "moderate", "strong"];

export const REFERENCE_SOURCE_PREFIX = "reference:";

function ageYears(date: string | null, now: number): number | null {
  if (!date) return null;
  const t = Date.parse(date);
  return Number.isNaN(t) ? null : (now - t) / YEAR_MS;
}

export interface MatchStrength {
  strength: EvidenceStrength;
  /** Why the level is lower than the probability alone gives ("refreshed 2019-05-01"), or null. */
  downgrades: string[];
}

export function matchStrength(m: MatchOutcome, now: number): MatchStrength {
  let level = m.probability >= 0.9 ? 2 : m.probability >= 0.7 ? 1 : 0;
  const downgrades: string[] = [];
  const age = ageYears(m.record.dateRefreshed, now);
  if (age !== null && age > STALE_YEARS) {
    level--;
    downgrades.push(`last refreshed ${m.record.dateRefreshed}`);
  }
  if (m.record.confidence !== null && m.record.confidence < 0.5) {
    level--;
    downgrades.push(`dataset confidence ${m.record.confidence.toFixed(2)}`);
  }
  return { strength: LEVELS[Math.max(0, level)]!, downgrades };
}

function addressLine(r: StoredReferenceRecord): string | null {
  return r.address?.full_address ?? null;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** The match's one-line description, cited in every note. */
export function describeMatch(m: MatchOutcome): string {
  const d = m.distanceM === null ? "" : `, ${Math.round(m.distanceM)} m away`;
  return `${m.record.source} record ${m.record.id} (match ${m.probability.toFixed(2)}${d})`;
}

/** Evidence from one matched record. */
export function recordEvidence(
  m: MatchOutcome,
  attributes: readonly AttributeKey[],
  now: number,
): Evidence[] {
  const r = m.record;
  const source = `${REFERENCE_SOURCE_PREFIX}${r.source}`;
  const { strength, downgrades } = matchStrength(m, now);
  const base = describeMatch(m);
  const note = downgrades.length > 0 ? `${base}; ${downgrades.join(", ")}` : base;
  const detail = {
    match: {
      source: r.source,
      format: r.format,
      id: r.id,
      probability: round(m.probability, 4),
      distanceM: m.distanceM === null ? null : round(m.distanceM, 1),
      via: m.via,
      candidates: m.candidates,
    },
  };
  const out: Evidence[] = [];
  const push = (field: string, value: unknown, s: EvidenceStrength = strength, n = note) => {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return;
    out.push({ field, value, source, strength: s, note: n, detail });
  };
  if (wants(attributes, "websites")) push("website", r.websites[0]);
  if (wants(attributes, "phoneNumbers")) for (const p of r.phones) push("phone", p);
  // Also beside the attributes a name-matched brand serves: what the record says the place is
  // overrules a brand of another kind (enrich/brand-reconciliation.ts).
  if (wants(attributes, "categories", "chain", "names", "cuisine", "websites"))
    push("categories", r.categories);
  if (wants(attributes, "cuisine") && r.categories[0])
    push("cuisines", cuisineOfCategory(r.categories[0]), "weak");
  if (wants(attributes, "names")) {
    push("brand_name", r.brandName);
    push("alt_name", r.altNames[0]);
  }
  if (wants(attributes, "address")) push("address", r.address);
  if (wants(attributes, "socialHandles")) {
    push("instagram", r.socials.instagram);
    push("facebook", r.socials.facebook);
    push("tiktok", r.socials.tiktok);
  }
  if (wants(attributes, "email_address")) push("email", r.emails[0]);
  if (wants(attributes, "chain")) {
    push("chain_name", r.brandName);
    push("chain_id", r.brandWikidata);
  }
  if (wants(attributes, "coordinates") && r.latitude !== null && r.longitude !== null)
    push("coordinates", [r.latitude, r.longitude]);
  if (wants(attributes, "openingHours") && r.openingHours && r.status === "closed") {
    // The hours of a place that has closed for good are no one's (new-user trial: HIGH hours beside
    // "Closed"); the note says why the record's hours were not used.
    out.push({
      field: "opening_hours",
      value: null,
      source,
      strength: "weak",
      note: `${note}: its opening hours are left out, as it says the place has closed`,
      detail,
    });
  } else if (wants(attributes, "openingHours") && r.openingHours) {
    const h = parseOpeningHours(r.openingHours);
    if (h.ok) {
      push("opening_hours", h.value.opening_hours);
      push("opening_hours_grouped_by_hours", h.value.opening_hours_grouped_by_hours);
      if (h.value.is_open_24h !== null) push("is_open_24h", h.value.is_open_24h);
    }
  }
  if (wants(attributes, "closed_permanently")) {
    if (r.status === "closed") {
      push("open_closed_status", "Closed");
      push("date_closed", r.dateClosed);
    } else if (r.status === "temporarily_closed") push("open_closed_status", "Temporarily Closed");
    else if (r.status === "open") push("open_closed_status", "Open");
    else {
      const age = ageYears(r.dateRefreshed, now);
      if (age !== null && age <= FRESH_OPEN_YEARS)
        push(
          "open_closed_status",
          "Open",
          "weak",
          `${note}; listed without a closure, refreshed ${r.dateRefreshed}`,
        );
      // A stale listing says nothing by itself, but it corroborates a dead website (open-closed-rules.ts).
      else if (age !== null && age > STALE_YEARS)
        out.push({
          field: "open_closed_status",
          value: null,
          source,
          strength: "weak",
          note: `${note}; listed without a closure, stale (refreshed ${r.dateRefreshed})`,
          detail: { ...detail, stale: true },
        });
    }
  }
  if (wants(attributes, "overture_place") && r.format === "overture") {
    push("overture_place_id", r.id);
    push("overture_place_name", r.name);
    push("overture_place_phone", r.phones[0]);
    push("overture_place_website", r.websites[0]);
    push("overture_place_address", addressLine(r));
    push("overture_place_category", r.categories[0]);
    push("overture_place_match_confidence", round(m.probability, 4));
    push("overture_place_latitude", r.latitude);
    push("overture_place_longitude", r.longitude);
    push("overture_place_original", r.original);
  }
  if (wants(attributes, "foursquare_place") && r.format === "fsq") {
    push("foursquare_place_id", r.id);
    push("foursquare_place_name", r.name);
    push("foursquare_place_phone", r.phones[0]);
    push("foursquare_place_website", r.websites[0]);
    push("foursquare_place_address", addressLine(r));
    push("foursquare_place_category_labels", r.sourceCategoryLabels);
    push("foursquare_place_category_ids", r.sourceCategoryIds);
    push("foursquare_place_date_refreshed", r.dateRefreshed);
    push("foursquare_place_date_created", r.dateCreated);
    push("foursquare_place_match_confidence", round(m.probability, 4));
    push("foursquare_place_latitude", r.latitude);
    push("foursquare_place_longitude", r.longitude);
    push("foursquare_place_original", r.original);
  }
  return out;
}

/**
 * The reference_match fields: from the best match of any source. `reference_duplicate_ids`: the ids of
 * the other records of its source that are the same place (MatchOutcome.duplicates), absent when none.
 */
export function referenceMatchEvidence(m: MatchOutcome, now: number): Evidence[] {
  const source = `${REFERENCE_SOURCE_PREFIX}${m.record.source}`;
  const { strength } = matchStrength(m, now);
  const duplicates = m.duplicates.map((d) => d.record.id);
  const note =
    duplicates.length > 0
      ? `${describeMatch(m)}; the same place is also ${duplicates.length === 1 ? "record" : "records"} ${duplicates.join(", ")} of ${m.record.source} (match ${m.duplicates.map((d) => d.probability.toFixed(2)).join(", ")})`
      : describeMatch(m);
  return [
    ["reference_id", m.record.id],
    ["reference_source", m.record.source],
    ["reference_match_score", round(m.probability, 4)],
    ["reference_distance_m", m.distanceM === null ? null : round(m.distanceM, 1)],
    ["reference_duplicate_ids", duplicates.length > 0 ? duplicates : null],
  ].flatMap(([field, value]) =>
    value === null ? [] : [{ field: field as string, value, source, strength, note }],
  );
}
