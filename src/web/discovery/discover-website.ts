/**
 * Website discovery (issue 11, part 2): for a place whose hint, prefilled value and reference match
 * gave no strongly verified site, search the web for it and verify what the search proposes.
 *
 * Per place, at most `maxQueries` queries (search-queries.ts) and MAX_DISCOVERY_FETCHES fetched
 * candidates. Before each query that is not answered from the cache, the job's budget is asked
 * (`ctx.budget.trySpend("searches")`); a refused spend skips the search and says so. Each query's
 * results are sorted by candidate-selection.ts; candidates are fetched best first through the
 * website source's own check (the SSRF-guarded fetcher, the extractor, site-verification.ts), and
 * the first one that passes `acceptDiscovered` is the place's website. Only a verified candidate
 * becomes the website: the reasoning names the query, the candidate and what agreed.
 *
 * Failures: a transient search failure (rate limited, unavailable, garbled) when nothing else
 * verified throws DiscoveryUnavailableError — the website attributes are ERROR, not cached, and the
 * job is retried — rather than report "no website" for a place we could not search. A configuration
 * error (SearXNG's 403 for a format not enabled) is stated in the reasoning: retrying cannot help.
 */
import type { AttributeKey } from "../../domain/attributes.js";
import type { JobBudget } from "../../enrich/job-budget.js";
import { wants } from "../../enrich/sources/wanted.js";
import type { Evidence } from "../../enrich/types.js";
import type { SearchClient } from "../../search/search-client.js";
import { SearchError } from "../../search/search-error.js";
import { buildSearchQueries } from "../../search/search-queries.js";
import type { PlaceIdentity, SiteVerdict } from "../evidence/site-verification.js";
import {
  type ClosedListing,
  type DiscoveredCandidate,
  DOMAIN_LIKE_NAME,
  type SocialFind,
  selectFromResults,
} from "./candidate-selection.js";

/** Domain likeness from which a domain counts as the name itself ("marigoldtable" for "Marigold Table"). */
export const SAME_AS_NAME = 0.9;

/** Source name of evidence read from search results themselves (social handles, closure listings). */
export const SEARCH_SOURCE = "search";

/** Candidate sites fetched per place, over all its queries: each costs a home page and maybe a hop. */
export const MAX_DISCOVERY_FETCHES = 3;

export class DiscoveryUnavailableError extends Error {
  constructor(override readonly cause: SearchError) {
    super(`website search failed (${cause.code}): ${cause.message}`);
    this.name = "DiscoveryUnavailableError";
  }
}

/** What the website source's check of one URL gives (web-source.ts SiteCheck). */
export interface CheckedSite {
  verdict: SiteVerdict | null;
  /** The home page's fetch outcome (`text`: its HTML when it was read). */
  outcome: { reason: string; kind: string; text?: string };
  /** The pages read (home page, hop), with the addresses and phones they state. */
  pages: ReadonlyArray<{
    facts: {
      addresses: ReadonlyArray<{ value: { city?: string } }>;
      phones: ReadonlyArray<{ value: string; label: string }>;
    };
  }>;
}

/** Labels of a page's own lines (not a fax, a gift-card, booking or head-office number). */
const OWN_LINE = new Set(["phone", "mobile", "whatsapp", "unlabelled"]);

/**
 * The site's own phone numbers when the place has phones and none of the site's agrees: a site
 * found by search that names the place but answers on another line is a look-alike or a namesake
 * (a squatter's page "Marigold Table · Best brunch in Portland" with its own 800 number). Null when
 * nothing contradicts.
 */
export function phoneContradiction(check: CheckedSite, placePhones: readonly string[]): string[] | null {
  if (placePhones.length === 0) return null;
  const own = check.pages.flatMap((p) =>
    p.facts.phones.filter((f) => OWN_LINE.has(f.label)).map((f) => f.value),
  );
  if (own.length === 0 || own.some((p) => placePhones.includes(p))) return null;
  return [...new Set(own)];
}

/** A city a page states in its structured address that is not the place's: another branch, a namesake. */
export function otherCityStated(check: CheckedSite, city: string): string | null {
  const fold = (s: string) =>
    s
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]/gu, "");
  for (const page of check.pages)
    for (const a of page.facts.addresses)
      if (a.value.city && fold(a.value.city) !== fold(city)) return a.value.city;
  return null;
}

/** Whether the page's visible text names `place` (a word, accents and case ignored). */
export function pageNames(html: string, place: string): boolean {
  const fold = (s: string) =>
    s
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  const text = ` ${fold(html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]+>/g, " "))} `;
  const want = fold(place);
  return want.length >= 3 && text.includes(` ${want} `);
}

export interface DiscoveryRun<T extends CheckedSite> {
  identity: PlaceIdentity;
  attributes: readonly AttributeKey[];
  budget?: JobBudget | undefined;
  refresh: boolean;
  signal: AbortSignal;
  /**
   * What the source checked already (hint, prefilled, reference): URLs, pages (pageKey) and
   * registrable domains. A result matching one is not fetched again.
   */
  alreadyChecked: ReadonlySet<string>;
  /** Whether some other candidate verified (weakly): then a failed search is a note, not an ERROR. */
  anyVerified: boolean;
  check(candidate: DiscoveredCandidate): Promise<T>;
}

export interface DiscoveredCheck<T> {
  candidate: DiscoveredCandidate;
  check: T;
  accepted: boolean;
  /** Why accepted (what agreed) or why not. */
  why: string;
}

export interface DiscoveryReport<T> {
  provider: string;
  queries: Array<{ query: string; results: number; fromCache: boolean }>;
  checked: DiscoveredCheck<T>[];
  accepted: DiscoveredCheck<T> | null;
  /** Evidence read from the results (socials, closure listings) and a summary note. */
  evidence: Evidence[];
  /** Results naming the place (own site, listing or profile). */
  naming: number;
  /** Why no (further) search was made: budget spent, no location, a configuration error. */
  stopped: string | null;
  /**
   * The kind of stop: `no_location` (nothing to search with), `budget` (the job's searches spent),
   * `search_failed` (the engine refused or failed); null when every query was asked.
   */
  stoppedBy: "no_location" | "budget" | "search_failed" | null;
}

/**
 * Whether a verified candidate found by search is the place's site. Stricter than for the client's
 * hint: a search proposes namesakes, so the name alone (a news article, a same-named business in
 * another town) is not enough — the site must agree on two things, and when those are the name
 * and the city or postcode (thousands of businesses share them), its domain must look like the name.
 */
export function acceptDiscovered(
  candidate: DiscoveredCandidate,
  verdict: SiteVerdict | null,
  fetchReason: string,
  cityOnPage: string | null = null,
): { accepted: boolean; why: string } {
  if (!verdict) return { accepted: false, why: `the site could not be read: ${fetchReason}` };
  if (verdict.verdict !== "verified") return { accepted: false, why: verdict.why };
  // Many small sites state their address only in prose the extractor does not parse ("C/ Delicias
  // 88, 50017 Zaragoza"): the name agreeing, a domain that is the name and the city in the page's
  // text together still exclude a namesake elsewhere (its page names its own town) and a blog.
  if (!verdict.strong && cityOnPage && candidate.domainSimilarity >= SAME_AS_NAME)
    return {
      accepted: true,
      why: `${verdict.why}; its domain ${candidate.domain} is the name and its text names ${cityOnPage}`,
    };
  if (!verdict.strong)
    return {
      accepted: false,
      why: `${verdict.why}, and nothing else: a site found by search must also agree on a phone, street, city or postcode`,
    };
  const firm = verdict.agreements.includes("phone") || verdict.agreements.includes("street");
  if (!firm && candidate.domainSimilarity < DOMAIN_LIKE_NAME)
    return {
      accepted: false,
      why: `${verdict.why}, but its domain ${candidate.domain} does not look like the name and no phone or street agrees`,
    };
  return { accepted: true, why: verdict.why };
}

export async function discoverWebsite<T extends CheckedSite>(
  search: SearchClient,
  maxQueries: number,
  run: DiscoveryRun<T>,
): Promise<DiscoveryReport<T>> {
  const report: DiscoveryReport<T> = {
    provider: search.name,
    queries: [],
    checked: [],
    accepted: null,
    evidence: [],
    naming: 0,
    stopped: null,
    stoppedBy: null,
  };
  const queries = buildSearchQueries(run.identity, maxQueries);
  if (queries.length === 0) {
    report.stopped = "the place has no city or postcode to search with";
    report.stoppedBy = "no_location";
  }
  const fetchedDomains = new Set<string>();
  const socials = new Map<string, SocialFind>();
  const closed = new Map<string, ClosedListing>();
  for (const query of queries) {
    const cached = run.refresh ? null : search.cached(query);
    if (!cached && run.budget && !run.budget.trySpend("searches", 1)) {
      report.stopped = "the job's search budget is spent";
      report.stoppedBy = "budget";
      break;
    }
    let results = cached;
    if (!results) {
      try {
        results = (await search.search(query, { refresh: run.refresh, signal: run.signal })).results;
      } catch (error) {
        if (!(error instanceof SearchError)) throw error;
        if (error.transient && !run.anyVerified) throw new DiscoveryUnavailableError(error);
        report.stopped = `the search failed (${error.code}): ${error.message}`;
        report.stoppedBy = "search_failed";
        break;
      }
    }
    report.queries.push({ query, results: results.length, fromCache: cached !== null });
    // Pages checked already are left out before the one-result-per-site choice, so that a chain's
    // store page still stands for its site when the brand's home page was the hint.
    const fresh = results.filter(
      (r) => !run.alreadyChecked.has(r.url) && !run.alreadyChecked.has(pageKey(r.url)),
    );
    const selection = selectFromResults(run.identity, query, fresh);
    report.naming += selection.naming;
    for (const s of selection.socials) if (!socials.has(s.platform)) socials.set(s.platform, s);
    for (const c of selection.closedListings) if (!closed.has(c.url)) closed.set(c.url, c);
    for (const candidate of selection.candidates) {
      if (fetchedDomains.size >= MAX_DISCOVERY_FETCHES) break;
      if (
        fetchedDomains.has(candidate.domain) ||
        run.alreadyChecked.has(candidate.url) ||
        run.alreadyChecked.has(pageKey(candidate.url)) ||
        run.alreadyChecked.has(candidate.domain)
      )
        continue;
      fetchedDomains.add(candidate.domain);
      const check = await run.check(candidate);
      const city = run.identity.city;
      // The city in the text counts only when no address on the site names another town (a namesake
      // elsewhere may mention ours: "not the Blue Crab Shack in Annapolis").
      const cityOnPage =
        city && check.outcome.text && pageNames(check.outcome.text, city) && !otherCityStated(check, city)
          ? city
          : null;
      const contradiction = phoneContradiction(check, run.identity.phones);
      const verdict =
        contradiction && !check.verdict?.agreements.includes("street")
          ? {
              accepted: false,
              why: `its phone ${contradiction.slice(0, 2).join(", ")} is not the place's (${run.identity.phones.join(", ")})`,
            }
          : acceptDiscovered(candidate, check.verdict, check.outcome.reason, cityOnPage);
      const entry = { candidate, check, ...verdict };
      report.checked.push(entry);
      if (verdict.accepted) {
        report.accepted = entry;
        break;
      }
    }
    if (report.accepted) break;
  }
  report.evidence.push(...resultEvidence(run.attributes, [...socials.values()], [...closed.values()]));
  report.evidence.push(summaryNote(report));
  return report;
}

function resultEvidence(
  attributes: readonly AttributeKey[],
  socials: readonly SocialFind[],
  closed: readonly ClosedListing[],
): Evidence[] {
  const out: Evidence[] = [];
  // A profile whose title names the place, found beside its name and city: LOW on its own; the
  // verified site linking the same account raises it (two independent sources, confidence.ts).
  if (wants(attributes, "socialHandles"))
    for (const s of socials)
      out.push({
        field: s.platform,
        value: s.handle,
        source: SEARCH_SOURCE,
        strength: "weak",
        note: `${s.platform} profile ${s.url} in the results for "${s.query}" (result ${s.rank}, titled '${s.title}')`,
        detail: { url: s.url, query: s.query, rank: s.rank, engine: s.engine },
      });
  // A listing saying the place closed for good corroborates; alone it is LOW, MEDIUM when the
  // listing also names the place's city, street or postcode — never more (issue 11).
  // At most three listings cited: a reasoning is one line, and more say nothing more.
  if (wants(attributes, "closed_permanently"))
    for (const c of closed.slice(0, 3))
      out.push({
        field: "open_closed_status",
        value: "Closed",
        source: SEARCH_SOURCE,
        strength: c.located ? "moderate" : "weak",
        note: `${c.kind} listing ${c.url} in the results for "${c.query}" says "${c.quote}"`,
        detail: { url: c.url, query: c.query, rank: c.rank, searchSignal: "listing_closed" },
      });
  return out;
}

/** One rejected `website` piece summarizing the search: the reasoning when no website was found, and metadata. */
function summaryNote<T extends CheckedSite>(report: DiscoveryReport<T>): Evidence {
  const asked = report.queries.map(
    (q) => `"${q.query}" (${q.results} results${q.fromCache ? ", cached" : ""})`,
  );
  const tried = report.checked
    .filter((c) => c !== report.accepted)
    .map(
      (c) =>
        `${c.candidate.url} (result ${c.candidate.rank} for "${c.candidate.query}") not accepted: ${c.why}`,
    );
  const parts = [
    asked.length > 0 ? `web search (${report.provider}) for ${asked.join(", ")}` : "no web search",
    ...(report.accepted
      ? []
      : [
          tried.length > 0 ? tried.join("; ") : asked.length > 0 ? "no candidate site among the results" : "",
        ]),
    ...(report.stopped ? [report.stopped] : []),
  ].filter((p) => p.length > 0);
  return {
    field: "website",
    value: null,
    source: SEARCH_SOURCE,
    strength: "weak",
    note: parts.join(": "),
    detail: {
      discovery: {
        provider: report.provider,
        queries: report.queries,
        candidates: report.checked.map((c) => ({
          url: c.candidate.url,
          query: c.candidate.query,
          rank: c.candidate.rank,
          score: c.candidate.score,
          accepted: c.accepted,
          verification: c.check.verdict?.verdict ?? c.check.outcome.kind,
        })),
        ...(report.stopped ? { stopped: report.stopped } : {}),
      },
    },
  };
}

/** A page without its query and fragment (`https://a.example/x?ref=1#top` → `https://a.example/x`). */
export function pageKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url;
  }
}
