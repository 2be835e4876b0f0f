/**
 * The matching development sets in ../shared/data (research-only: read here, never copied into the
 * repository), each as reference rows (the flat JSONL columns of `place-enrich import --format jsonl`),
 * jobs (the service's input format) and labeled pairs.
 *
 * Splits: Geo-ER `train` fits, `valid` is reported (its test split is not in shared/data). The Overture
 * pairs and Locu–Foursquare have no split of their own: their jobs are divided by a hash of the job id
 * into a fitting half (A) and a reported half (B), so every reported figure comes from data the model
 * was not fitted on.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PlaceInputs } from "../../src/domain/place.js";

export const DATA_DIR =
  process.env.MATCH_DATA_DIR ?? join(import.meta.dirname, "..", "..", "..", "shared", "data");

export interface MatchSet {
  name: string;
  group: "geoer" | "overture" | "locu";
  /** Flat reference rows (id, name, latitude, longitude, full_address, ...). */
  reference: Array<Record<string, unknown>>;
  jobs: Array<{ id: string; inputs: PlaceInputs }>;
  /** Labeled pairs; with `scoring: "gold"` only matches are listed and any other predicted pair is wrong. */
  pairs: Array<{ jobId: string; refId: string; label: 0 | 1 }>;
  scoring: "pairs" | "gold";
}

export type Half = "A" | "B";

export function halfOf(id: string): Half {
  return createHash("sha1").update(id).digest()[0]! % 2 === 0 ? "A" : "B";
}

export function dataAvailable(): boolean {
  return existsSync(join(DATA_DIR, "geoer-dev"));
}

// ---- Geo-ER -------------------------------------------------------------------------------------

const GEOER_CITIES = ["sin", "edi", "tor", "pit"] as const;
const GEOER_PAIRS = ["osm_fsq", "osm_yelp"] as const;

function parseGeoEr(entity: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of entity.matchAll(/COL (\w+) VAL (.*?)(?= COL \w+ VAL |$)/g)) out[m[1]!] = m[2]!.trim();
  return out;
}

function geoErLines(pairSet: string, city: string, split: "train" | "valid"): string[] {
  return readFileSync(join(DATA_DIR, "geoer-dev", pairSet, city, `${split}.txt`), "utf8").split("\n");
}

/** `extra`: right-side records (serialized as in the files) added to the reference, unlabeled. */
function geoErSet(
  pairSet: string,
  city: string,
  split: "train" | "valid",
  part?: Half,
  extra: { label: string; right: readonly string[] } = { label: "", right: [] },
): MatchSet {
  const lines = geoErLines(pairSet, city, split).filter(
    (line) => part === undefined || halfOf(`part:${line.split("\t")[0]}`) === part,
  );
  const left = new Map<string, string>();
  const right = new Map<string, string>();
  const pairs: MatchSet["pairs"] = [];
  for (const line of lines) {
    const parts = line.split("\t");
    if (parts.length < 3) continue;
    const [l, r, label] = parts as [string, string, string];
    if (!left.has(l)) left.set(l, `L${left.size}`);
    if (!right.has(r)) right.set(r, `R${right.size}`);
    pairs.push({ jobId: left.get(l)!, refId: right.get(r)!, label: label.trim() === "1" ? 1 : 0 });
  }
  for (const r of extra.right) if (!right.has(r)) right.set(r, `X${right.size}`);
  const reference = [...right].map(([text, id]) => {
    const e = parseGeoEr(text);
    return {
      id,
      name: e.name,
      latitude: Number(e.latitude),
      longitude: Number(e.longitude),
      full_address: e.address || null,
      postcode: e.postalCode || null,
    };
  });
  const jobs = [...left].map(([text, id]) => {
    const e = parseGeoEr(text);
    const inputs: PlaceInputs = {
      name: e.name ?? "",
      latitude: Number(e.latitude),
      longitude: Number(e.longitude),
    };
    if (e.address) inputs.full_address = e.address;
    if (e.postalCode) inputs.postalCode = e.postalCode;
    return { id, inputs };
  });
  return {
    name: `geoer ${pairSet} ${city}${split === "train" ? (part ? ` part ${part}` : " train") : ""}${extra.label}`,
    group: "geoer",
    reference,
    jobs,
    pairs,
    scoring: "pairs",
  };
}

export function geoErSets(split: "train" | "valid"): MatchSet[] {
  return GEOER_PAIRS.flatMap((p) => GEOER_CITIES.map((c) => geoErSet(p, c, split)));
}

/**
 * Each valid split with a denser reference: its own right-side records plus a `fraction` of its train
 * split's (chosen by a hash of the record; those already in valid once), unlabeled. Geo-ER's test
 * split has 1.5× valid's pairs and train 2.5×, so a fraction of 0.2 gives about the density of a
 * test split's reference; 1 gives 3.5× valid's. Pairs scoring counts only labeled pairs, so the
 * added records can only take a job's match away (a rival chosen instead of the labeled record).
 */
export function geoErDenserValidSets(fraction: number): MatchSet[] {
  return GEOER_PAIRS.flatMap((p) =>
    GEOER_CITIES.map((c) => {
      const right = new Set<string>();
      for (const line of geoErLines(p, c, "train")) {
        const r = line.split("\t")[1];
        if (r && createHash("sha1").update(`denser:${r}`).digest().readUInt32BE(0) / 2 ** 32 < fraction)
          right.add(r);
      }
      return geoErSet(p, c, "valid", undefined, { label: ` denser ${fraction}`, right: [...right] });
    }),
  );
}

/**
 * Each train split cut in two by a hash of the left record (all of a job's pairs in one part), each
 * part with only its own right-side records as the reference: 2 × 16 sets as dense as a `valid` split
 * (train is 2.5× the size of valid, and a reference twice as dense gives each job more rivals: the
 * candidate-count and margin features, and the threshold, would be fitted to another density).
 */
export function geoErTrainParts(): MatchSet[] {
  return GEOER_PAIRS.flatMap((p) =>
    GEOER_CITIES.flatMap((c) => (["A", "B"] as const).map((part) => geoErSet(p, c, "train", part))),
  );
}

// ---- Overture match pairs (no coordinates) ------------------------------------------------------

interface OvertureAddress {
  freeform?: string | null;
  locality?: string | null;
  postcode?: string | null;
  region?: string | null;
  country?: string | null;
}

export function overtureSet(half: Half): MatchSet {
  const rows = readFileSync(join(DATA_DIR, "overture-match-pairs-3k", "pairs.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const reference = new Map<string, Record<string, unknown>>();
  const jobs = new Map<string, { id: string; inputs: PlaceInputs }>();
  const pairs: MatchSet["pairs"] = [];
  for (const r of rows) {
    const refId = String(r.base_id);
    const ba = ((r.base_addresses as OvertureAddress[] | null) ?? [])[0] ?? {};
    reference.set(refId, {
      id: refId,
      name: (r.base_names as { primary?: string } | null)?.primary ?? null,
      full_address: ba.freeform ?? null,
      city: ba.locality ?? null,
      state: ba.region ?? null,
      postcode: ba.postcode ?? null,
      country: ba.country ?? null,
      phones: r.base_phones ?? [],
      websites: r.base_websites ?? [],
      categories: [(r.base_categories as { primary?: string } | null)?.primary].filter(Boolean),
    });
    const jobId = String(r.id);
    if (halfOf(jobId) !== half) continue;
    const a = ((r.addresses as OvertureAddress[] | null) ?? [])[0] ?? {};
    if (!jobs.has(jobId)) {
      const inputs: PlaceInputs = { name: (r.names as { primary?: string } | null)?.primary ?? "" };
      if (a.freeform) inputs.full_address = a.freeform;
      if (a.locality) inputs.city = a.locality;
      if (a.region) inputs.state = a.region;
      if (a.postcode) inputs.postalCode = a.postcode;
      if (a.country) inputs.country_code = a.country;
      const phone = (r.phones as string[] | null)?.[0];
      if (phone) inputs.phone = phone;
      const website = (r.websites as string[] | null)?.[0];
      if (website) inputs.website = website;
      const category = (r.categories as { primary?: string } | null)?.primary;
      if (category) inputs.category = category;
      jobs.set(jobId, { id: jobId, inputs });
    }
    pairs.push({ jobId, refId, label: r.label === 1 ? 1 : 0 });
  }
  return {
    name: `overture-pairs half ${half}`,
    group: "overture",
    reference: [...reference.values()],
    jobs: [...jobs.values()],
    pairs,
    scoring: "pairs",
  };
}

// ---- Locu–Foursquare NYC --------------------------------------------------------------------------

interface LocuRecord {
  id: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
  street_address: string;
  locality: string;
  region: string;
  postal_code: string;
  phone: string | null;
  website: string | null;
}

export function locuSet(half: Half): MatchSet {
  const read = (f: string) =>
    JSON.parse(readFileSync(join(DATA_DIR, "locu-fsq-nyc", f), "utf8")) as LocuRecord[];
  const locu = read("locu_train.json").filter((r) => halfOf(r.id) === half);
  const fsq = read("foursquare_train.json");
  const ids = new Set(locu.map((r) => r.id));
  const gold = readFileSync(join(DATA_DIR, "locu-fsq-nyc", "matches_train.csv"), "utf8")
    .split("\n")
    .slice(1)
    .map((l) => l.trim().split(","))
    .filter((p) => p.length === 2 && ids.has(p[0]!));
  return {
    name: `locu-fsq half ${half}`,
    group: "locu",
    reference: fsq.map((r) => ({
      id: r.id,
      name: r.name,
      latitude: r.latitude,
      longitude: r.longitude,
      street: null,
      full_address: r.street_address || null,
      city: r.locality || null,
      state: r.region || null,
      postcode: r.postal_code || null,
      country: "US",
      phones: r.phone ? [r.phone] : [],
      websites: r.website ? [r.website] : [],
    })),
    jobs: locu.map((r) => {
      const inputs: PlaceInputs = { name: r.name, country_code: "US" };
      if (r.latitude !== null && r.longitude !== null) {
        inputs.latitude = r.latitude;
        inputs.longitude = r.longitude;
      }
      if (r.street_address) inputs.full_address = r.street_address;
      if (r.locality) inputs.city = r.locality;
      if (r.region) inputs.state = r.region;
      if (r.postal_code) inputs.postalCode = r.postal_code;
      if (r.phone) inputs.phone = r.phone;
      if (r.website) inputs.website = r.website;
      return { id: r.id, inputs };
    }),
    pairs: gold.map(([jobId, refId]) => ({ jobId: jobId!, refId: refId!, label: 1 as const })),
    scoring: "gold",
  };
}
