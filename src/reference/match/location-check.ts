/**
 * Where a job without coordinates says it is, against a candidate found by name: such a job is
 * matched through the name index over the whole reference, so a place of the same name in another
 * region is only told apart by the address. The model weighs address agreement but gave a rare name
 * in another state 0.23–0.43 against the name threshold of 0.225 then (new-user trial: "Siler City Moose
 * Lodge" with "455 Oak Ave, Dayton, OH 45402" took the North Carolina record's phone and website),
 * so a candidate whose postcode lies in another region than the job's, or whose record names another
 * state or country than the job's address (otherRegion: read from the record once fetched), with
 * nothing else tying them (tied: postcode, town, house and street, phone or website domain), is no
 * match.
 *
 * Only the postcode's region counts, not its exact value nor the town: on the fitting data (the
 * Overture pairs, all without coordinates: `npm run eval:match`) true pairs differ in neighbouring
 * postcodes (SA6 6LZ / SA6 6PL, 06353 / 06374, 450-6301 / 453-0002) and name their town as a
 * district, another spelling or script ("Yakutiye" / "Erzurum", "Setagaya-ku" / "世田谷区",
 * "Mexico City" / "Mexico"): vetoing those cost 0.004 F1 there; the region rule changes nothing
 * (its one change, a record's malformed "977" beside "737101", led to oneSystem).
 * A record with no address at all is left to the model (2 true pairs of the same set are such).
 */
import { regionIn } from "../../enrich/normalize/regions.js";
import type { MatchKeys } from "./match-keys.js";

/** What a candidate (store/port.ts ReferenceCandidate) or a record's keys say of where it is. */
export type PlaceKeys = Pick<MatchKeys, "house" | "streetKey" | "postcode" | "cityKey" | "domain"> & {
  phones: readonly string[];
};

/**
 * Leading characters of a postcode that name its region: US ZIP 45402 → "45" (Ohio's; North
 * Carolina's start 27–28), UK SA6 6LZ → "SA", Japan 450-6301 → "45" (Aichi). Postcodes are keys here
 * (match-keys.ts postcodeKey: upper case, no spaces).
 */
const REGION_CHARS = 2;

/**
 * Whether two postcodes can be compared: numeric ones of the same length ("977" beside "737101" is
 * a malformed one), or both with letters (UK "SW1A1AA" and "EH11BB" differ in length).
 */
function oneSystem(a: string, b: string): boolean {
  const numeric = /^\d+$/;
  const an = numeric.test(a);
  const bn = numeric.test(b);
  return an && bn ? a.length === b.length : !an && !bn;
}

function known(v: string | null): v is string {
  return v !== null && v !== "";
}

/** The country (ISO alpha-2) and state or region (as build-record.ts normalizes it) of a place. */
export interface Region {
  country: string | null;
  state: string | null;
}

/**
 * Whether something ties the job to the candidate: a shared postcode, town, house number on the same
 * street, phone number or website domain.
 */
export function tied(job: MatchKeys, c: PlaceKeys): boolean {
  const samePost = known(job.postcode) && job.postcode === c.postcode;
  const sameTown = known(job.cityKey) && job.cityKey === c.cityKey;
  const sameDoor =
    known(job.house) && job.house === c.house && known(job.streetKey) && job.streetKey === c.streetKey;
  const samePhone = job.phones.length > 0 && c.phones.some((p) => job.phones.includes(p));
  const sameDomain = known(job.domain) && job.domain === c.domain;
  return samePost || sameTown || sameDoor || samePhone || sameDomain;
}

/**
 * "NC, not OH" when the job's address and the record name other countries, or other states of one
 * country (both known); else null. Re-check trial: without a postcode, "455 Oak Ave, Dayton, OH"
 * still took the North Carolina record at 0.52, and Austin TX an Alaska one at 0.65.
 */
export function otherRegion(job: Region | undefined, record: Region | null): string | null {
  if (!job || !record) return null;
  if (known(job.country) && known(record.country) && job.country !== record.country)
    return `${record.country}, not ${job.country}`;
  // States only where both name a region the project knows (regions.ts: the US's, Canada's,
  // Australia's …) by code or name: elsewhere the two sides write them differently ("13" and
  // "東京都", "DF" and "Distrito Federal": true pairs of the fitting data).
  const country = known(job.country) ? job.country : known(record.country) ? record.country : null;
  if (!country || !known(job.state) || !known(record.state)) return null;
  const a = regionIn(country, job.state);
  const b = regionIn(country, record.state);
  return a !== null && b !== null && a !== b ? `${b}, not ${a}` : null;
}

/**
 * `elsewhere` when nothing ties them — no shared postcode, town, house number on the same street,
 * phone number or website domain — and both have postcodes of one system (oneSystem) whose regions
 * (REGION_CHARS) differ;
 * else `unsure` (the model decides).
 */
export function locationVerdict(job: MatchKeys, c: PlaceKeys): "elsewhere" | "unsure" {
  if (tied(job, c)) return "unsure";
  return known(job.postcode) &&
    known(c.postcode) &&
    oneSystem(job.postcode, c.postcode) &&
    job.postcode.slice(0, REGION_CHARS) !== c.postcode.slice(0, REGION_CHARS)
    ? "elsewhere"
    : "unsure";
}
