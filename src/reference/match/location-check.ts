/**
 * Where a job without coordinates says it is, against a candidate found by name: such a job is
 * matched through the name index over the whole reference, so a place of the same name in another
 * town is only told apart by the address. The model weighs address agreement but gives a rare name
 * in another state 0.23–0.43 against the name threshold of 0.225 (new-user trial: "Siler City Moose
 * Lodge" with "455 Oak Ave, Dayton, OH 45402" took the North Carolina record's phone and website),
 * so a candidate whose postcode or town disagrees with the job's, or that says nothing of where it
 * is while the job does, with nothing else tying them, is no match. On the fitting data (all of
 * the Overture pairs are jobs without coordinates) no pair's outcome changed (`npm run eval:match`).
 */
import type { ReferenceCandidate } from "../store/port.js";
import type { MatchKeys } from "./match-keys.js";

export type LocationVerdict = "agrees-or-unsure" | "conflicts" | "unplaced";

function known(v: string | null): v is string {
  return v !== null && v !== "";
}

/**
 * `conflicts` when nothing ties them — no shared postcode, town, house number on the same street,
 * phone number or website domain — and both have a postcode or both a town, which differ;
 * `unplaced` when nothing ties them and the job names its postcode or town while the candidate has
 * neither, nor the job's street (a name alone, anywhere in the reference: the trial's
 * "Grandvue Park Cabins" at Dayton, OH took a record whose address is only "US" at 0.88);
 * else `agrees-or-unsure` (the model decides).
 */
export function locationVerdict(job: MatchKeys, c: ReferenceCandidate): LocationVerdict {
  const samePost = known(job.postcode) && job.postcode === c.postcode;
  const sameTown = known(job.cityKey) && job.cityKey === c.cityKey;
  const sameDoor =
    known(job.house) && job.house === c.house && known(job.streetKey) && job.streetKey === c.streetKey;
  const samePhone = job.phones.length > 0 && c.phones.some((p) => job.phones.includes(p));
  const sameDomain = known(job.domain) && job.domain === c.domain;
  if (samePost || sameTown || sameDoor || samePhone || sameDomain) return "agrees-or-unsure";
  if ((known(job.postcode) && known(c.postcode)) || (known(job.cityKey) && known(c.cityKey)))
    return "conflicts";
  const jobPlaced = known(job.postcode) || known(job.cityKey);
  const candidatePlaced = known(c.postcode) || known(c.cityKey);
  const sameStreet = known(job.streetKey) && job.streetKey === c.streetKey;
  return jobPlaced && !candidatePlaced && !sameStreet ? "unplaced" : "agrees-or-unsure";
}
