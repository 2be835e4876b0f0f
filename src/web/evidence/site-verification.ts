/**
 * Website verification (issue 9, point 6): is a fetched site the place's own? A site is the place's
 * when what it says about itself agrees with what we know of the place — its name, a phone number,
 * the postcode, city or street. A parked or for-sale domain never verifies, and neither does a site
 * that names another business and shares nothing else with the place (a lapsed domain taken over).
 * Pure: no network, no clock.
 */
import type { PageFacts } from "../extract/page-facts.js";

/** What we know of the place, from its inputs (and a reference match). Phones in E.164. */
export interface PlaceIdentity {
  name: string;
  phones: readonly string[];
  postalCode: string | null;
  city: string | null;
  street: string | null;
}

export type Agreement = "name" | "phone" | "postcode" | "city" | "street";

/**
 * verified: the site agrees with the place on its name, a phone or its street (`agreements` says on
 * what; `strong` when two things agree, or a phone number, which identifies a place on its own; a
 * city or postcode only adds to one of those). unconfirmed: nothing agrees and
 * nothing contradicts (a page with no name, no phone, no address). parked: a parking or for-sale
 * page. different_business: the page names a business that is not the place and nothing else agrees.
 */
export interface SiteVerdict {
  verdict: "verified" | "unconfirmed" | "parked" | "different_business";
  agreements: Agreement[];
  strong: boolean;
  /** One line for a reasoning: what agreed, or why the site is not the place's. */
  why: string;
}

// Words that say what a place is rather than which one: they neither make nor break a name match.
const GENERIC = new Set(
  "the and und et y e of de la le les el los das der die il lo di del da van het a an & restaurant restaurante ristorante cafe bar bistro shop store inc llc ltd gmbh co company sarl sl srl bv ag".split(
    " ",
  ),
);

/** Lower case, no accents, letters and digits only, split into words (CJK kept as one run). */
export function nameTokens(name: string): string[] {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’`]/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0 && !GENERIC.has(t));
}

/**
 * Two names of the same business: every distinctive word of the shorter is in the longer ("Marigold
 * Table" ~ "Marigold Table — Portland"), or, for scripts written without spaces, one contains the other.
 */
export function namesAgree(a: string, b: string): boolean {
  const ta = nameTokens(a);
  const tb = nameTokens(b);
  if (ta.length === 0 || tb.length === 0) return false;
  const [short, long] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  const longSet = new Set(long);
  const ja = ta.join("");
  const jb = tb.join("");
  // Two CJK characters name a business ("一蘭"); two Latin letters do not.
  const ideographic = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(
    ja + jb,
  );
  const enough = (s: string) => [...s].length >= (ideographic ? 2 : 3);
  if (short.every((t) => longSet.has(t))) return enough(short.join(""));
  return ideographic && enough(ja) && enough(jb) ? ja.includes(jb) || jb.includes(ja) : false;
}

function squash(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** The place's street and a street written on a page agree on two of its words (or its only one). */
export function streetAgrees(placeStreet: string, pageStreet: string): boolean {
  const words = nameTokens(placeStreet).filter((t) => t.length >= 3 || /\d/.test(t));
  if (words.length === 0) return false;
  const page = new Set(nameTokens(pageStreet));
  return words.filter((w) => page.has(w)).length >= Math.min(2, words.length);
}

/** The verdict on one site from the facts of its pages (home page and the hop, merged). */
export function verifySite(place: PlaceIdentity, facts: PageFacts): SiteVerdict {
  if (facts.parked) {
    const what = facts.parked.forSale ? "offers the domain for sale" : "is a parked domain";
    return {
      verdict: "parked",
      agreements: [],
      strong: false,
      why: `the site ${what} (${facts.parked.evidence})`,
    };
  }
  const agreements: Agreement[] = [];
  const named = facts.names.find((n) => namesAgree(place.name, n.value));
  if (named) agreements.push("name");
  const phone = facts.phones.find((p) => place.phones.includes(p.value));
  if (phone) agreements.push("phone");
  const addresses = facts.addresses.map((a) => a.value);
  if (place.postalCode) {
    const pc = squash(place.postalCode);
    if (pc.length >= 3 && addresses.some((a) => a.postalCode && squash(a.postalCode) === pc))
      agreements.push("postcode");
  }
  if (place.city) {
    const city = squash(place.city);
    if (city.length >= 2 && addresses.some((a) => a.city && squash(a.city) === city)) agreements.push("city");
  }
  const street = place.street;
  if (street && addresses.some((a) => a.street && streetAgrees(street, a.street))) agreements.push("street");

  // A city or a postcode is shared by thousands of businesses: they strengthen a verdict, never make it.
  if (agreements.some((a) => a === "name" || a === "phone" || a === "street")) {
    const strong = agreements.length >= 2 || agreements.includes("phone");
    const said: string[] = [];
    if (named) said.push(`name '${named.value}' (${named.where})`);
    if (phone) said.push(`phone ${phone.value} (${phone.where})`);
    for (const a of agreements) if (a !== "name" && a !== "phone") said.push(a);
    return {
      verdict: "verified",
      agreements,
      strong,
      why: `the site agrees with the place on ${said.join(", ")}`,
    };
  }
  const business = facts.names.find((n) => n.role === "business" || n.role === "site" || n.role === "title");
  if (business) {
    return {
      verdict: "different_business",
      agreements,
      strong: false,
      why: `the site names '${business.value}' (${business.where}), not '${place.name}', and neither its phone nor its street agrees`,
    };
  }
  return {
    verdict: "unconfirmed",
    agreements,
    strong: false,
    why: "the site states no name, phone or address to check against the place",
  };
}
