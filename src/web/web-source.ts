/**
 * The "web" evidence source (issue 9, points 6–8): the place's own website, fetched and read.
 *
 * Candidates, in order: the input hint (`inputs.website`), a prefilled website, the websites of the
 * reference match (asked of the reference source given as `reference`, which has matched the chunk
 * already). Up to MAX_CANDIDATES are fetched (home page), each verified against the place
 * (evidence/site-verification.ts); when the verified site lacks something asked for, or did not
 * verify on its home page, one same-site hop (contact / imprint / hours / location / about, chosen by
 * the extractor's link chooser) is fetched too. The first verified site (phone-verified ones before
 * name-only ones) gives the facts (evidence/page-evidence.ts); every candidate that was fetched and
 * did not verify is refuted, with the reason, so the website resolver reports it LOW.
 *
 * Status signals for open-closed-rules.ts: live (verified, no notice), closure / temporary (the
 * notice quoted), dead (404/410, no DNS answer, parked, another business: counted only when
 * corroborated), no_presence (no candidate at all and no reference record).
 *
 * Discovery (issue 11, src/web/discovery/): with a search engine configured (`search`), a place whose
 * candidates gave no strongly verified site gets searched for by name and location; the search's
 * candidates are checked the same way and the first accepted one (discover-website.ts: stricter
 * than for a hint) is the website. Profiles and closure listings among the results are evidence of
 * their own (source "search"). Nothing is searched when the hint verifies strongly.
 *
 * Time limit: each collect has `jobTimeoutMs` for all its fetches. Past it the fetches are aborted and
 * collect throws WebTimeLimitError: the enricher makes this source's attributes ERROR (not cached,
 * retried on the next run) while the others resolve, so a hung site never holds the job.
 */
import { getDomain } from "tldts";
import type { SearchConfig, WebConfig } from "../config.js";
import type { AttributeKey } from "../domain/attributes.js";
import { buildAddress } from "../enrich/normalize/address.js";
import { normalizePhone, splitPhoneHint } from "../enrich/normalize/phone.js";
import { normalizeWebsite } from "../enrich/normalize/website.js";
import { normalizedInputs } from "../enrich/prepare.js";
import { wants } from "../enrich/sources/wanted.js";
import type { EnrichContext, Evidence, EvidenceSource, PreparedPlace } from "../enrich/types.js";
import type { LanguageModel } from "../model/language-model.js";
import { createSearchClient } from "../search/create-search-client.js";
import type { SearchClient } from "../search/search-client.js";
import type { DiscoveredCandidate } from "./discovery/candidate-selection.js";
import { type DiscoveryReport, discoverWebsite, pageKey } from "./discovery/discover-website.js";
import { judgeSiteWithModel, MODEL_SOURCE, readSiteWithModel } from "./evidence/model-reading.js";
import { pageEvidence, type SitePage, WEB_SOURCE } from "./evidence/page-evidence.js";
import { type PlaceIdentity, type SiteVerdict, verifySite } from "./evidence/site-verification.js";
import { chooseFollowUpLink, extractPage, type Wanted } from "./extract/index.js";
import type { PageFacts } from "./extract/page-facts.js";
import type { FetchOutcome } from "./fetch/fetch-outcome.js";
import { createPageFetcher, type PageFetcher, type PageFetcherDeps } from "./fetch/page-fetcher.js";

export interface WebSourceOptions {
  /** config.web (plain data): the thread builds its own fetcher from it. */
  config: WebConfig;
  /** All fetches of one place must end within this (ms); past it the web attributes are ERROR. */
  jobTimeoutMs: number;
  /** config.search (plain data): with a `url`, places without a strongly verified site are searched for. */
  search?: SearchConfig;
}

export interface WebSourceDeps extends PageFetcherDeps {
  /** The reference source, for the matched record's website and whether any record matched. */
  reference?: EvidenceSource;
  /** A fetcher to use instead of building one from the config (tests, benchmarks). */
  fetcher?: PageFetcher;
  /** A search client to use instead of building one from `options.search` (tests, benchmarks). */
  search?: SearchClient;
  /** The language model for what the rules cannot read (evidence/model-reading.ts); absent: none. */
  model?: LanguageModel;
}

/** What this source gives evidence to: its failure (the time limit) makes these ERROR. */
export const WEB_ATTRIBUTES: readonly AttributeKey[] = [
  "closed_permanently",
  "websites",
  "phoneNumbers",
  "openingHours",
  "names",
  "address",
  "socialHandles",
  "email_address",
  "cuisine",
  "price_tier",
];

const MAX_CANDIDATES = 3;

export class WebTimeLimitError extends Error {
  constructor(ms: number) {
    super(`website evidence not complete within the job's time limit (${ms / 1000} s)`);
    this.name = "WebTimeLimitError";
  }
}

interface Candidate {
  url: string;
  from: string;
  /** The client's own hint or prefilled value (not a listing's). */
  input: boolean;
  /** Found by a web search (discovery): the query, rank and scores. */
  search?: DiscoveredCandidate;
}

interface SiteCheck {
  candidate: Candidate;
  outcome: FetchOutcome;
  pages: SitePage[];
  verdict: SiteVerdict | null;
}

function identityOf(place: PreparedPlace): PlaceIdentity {
  const n = normalizedInputs(place);
  const phones: string[] = [];
  for (const raw of n.phone ? splitPhoneHint(n.phone) : []) {
    const p = normalizePhone(raw, place.countryCode);
    if (p.ok) phones.push(p.e164);
  }
  const prefilledPhone = n.prefilled.phoneNumbers?.phone;
  if (typeof prefilledPhone === "string") phones.push(prefilledPhone);
  // The address as the address source reads it (parts given, else the full address parsed): a
  // full address's house number is not a postcode ("2210 SE Division St, Portland, OR 97202").
  const parsed = buildAddress({
    fullAddress: n.fullAddress,
    parts: n.addressParts,
    countryHint: place.countryCode,
  })?.address;
  const street = parsed?.street
    ? [parsed.house, parsed.street].filter(Boolean).join(" ")
    : (n.fullAddress?.split(",")[0] ?? null);
  return {
    name: place.name,
    phones,
    postalCode: parsed?.postalCode ?? null,
    city: parsed?.city ?? null,
    street,
  };
}

/** What the resolvers still need from a second page: the asked-for facts the site has not given. */
function missing(facts: readonly PageFacts[], attributes: readonly AttributeKey[]): Wanted[] {
  const has = (pick: (f: PageFacts) => unknown[]) => facts.some((f) => pick(f).length > 0);
  const out: Wanted[] = [];
  if (wants(attributes, "phoneNumbers") && !has((f) => f.phones)) out.push("phone");
  if (wants(attributes, "openingHours") && !has((f) => f.hours)) out.push("hours");
  if (wants(attributes, "address") && !has((f) => f.addresses)) out.push("address");
  if (wants(attributes, "email_address") && !has((f) => f.emails)) out.push("email");
  if (wants(attributes, "socialHandles") && !has((f) => f.socials)) out.push("socials");
  return out;
}

/** The facts of several pages of one site, as one PageFacts for verification (lists concatenated). */
function mergeFacts(pages: readonly SitePage[]): PageFacts {
  const [head, ...rest] = pages.map((p) => p.facts);
  const merged: PageFacts = { ...head! };
  for (const f of rest) {
    merged.names = [...merged.names, ...f.names];
    merged.phones = [...merged.phones, ...f.phones];
    merged.addresses = [...merged.addresses, ...f.addresses];
    merged.closure ??= f.closure;
  }
  return merged;
}

/**
 * The site is gone: 404 or 410, or its name does not exist (NXDOMAIN: ENOTFOUND, or no address). A
 * resolver that cannot answer (EAI_AGAIN, a timeout) is what an offline machine gives for every name:
 * that is "not checked", never evidence against the site.
 */
function isDead(outcome: FetchOutcome): boolean {
  if (outcome.kind === "dns_failure") return /\(ENOTFOUND\)|has no address/.test(outcome.reason);
  return outcome.kind === "http_error" && (outcome.status === 404 || outcome.status === 410);
}

export function createWebSource(options: WebSourceOptions, deps: WebSourceDeps = {}): EvidenceSource {
  let fetcher: PageFetcher | null = deps.fetcher ?? null;
  const pages = (): PageFetcher => {
    fetcher ??= createPageFetcher(options.config, deps);
    return fetcher;
  };
  let search: SearchClient | null = deps.search ?? null;
  const searchClient = (): SearchClient | null => {
    if (!search && options.search?.url)
      search = createSearchClient(options.search, {
        userAgent: options.config.userAgent,
        ...(deps.clock ? { clock: deps.clock } : {}),
      });
    return search;
  };
  const maxQueries = options.search?.maxQueriesPerJob ?? 2;

  async function candidatesOf(
    place: PreparedPlace,
    ctx: EnrichContext,
  ): Promise<{ candidates: Candidate[]; referenceMatched: boolean | null }> {
    const n = normalizedInputs(place);
    const raw: Candidate[] = [];
    if (n.website) raw.push({ url: n.website, from: "input website hint", input: true });
    const prefilled = n.prefilled.websites?.website;
    if (typeof prefilled === "string") raw.push({ url: prefilled, from: "prefilled website", input: true });
    let referenceMatched: boolean | null = null;
    if (deps.reference) {
      try {
        const found = await deps.reference.collect(place, ["websites", "reference_match"], ctx);
        referenceMatched = found.some((e) => e.value !== null && e.value !== undefined);
        for (const e of found)
          if (e.field === "website" && typeof e.value === "string")
            raw.push({ url: e.value, from: e.note, input: false });
      } catch {
        // The reference source reports its own failure; the hint can still be checked.
      }
    }
    const seen = new Set<string>();
    const candidates: Candidate[] = [];
    for (const c of raw) {
      const w = normalizeWebsite(c.url);
      if (w.kind !== "website" || seen.has(w.url)) continue;
      seen.add(w.url);
      candidates.push({ ...c, url: w.url });
    }
    return { candidates: candidates.slice(0, MAX_CANDIDATES), referenceMatched };
  }

  /** One page, its outcome counted in `tally` (EnrichContext.fetchOutcomes) when there is one. */
  async function fetchCounted(
    url: string,
    options: { signal: AbortSignal; refresh: boolean },
    tally: Record<string, number> | undefined,
  ): Promise<FetchOutcome> {
    const outcome = await pages().fetchPage(url, options);
    if (tally) {
      const kind = outcome.kind === "ok" && outcome.fromCache ? "cached" : outcome.kind;
      tally[kind] = (tally[kind] ?? 0) + 1;
    }
    return outcome;
  }

  async function check(
    candidate: Candidate,
    identity: PlaceIdentity,
    country: string | null,
    attributes: readonly AttributeKey[],
    signal: AbortSignal,
    refresh: boolean,
    tally?: Record<string, number>,
  ): Promise<SiteCheck> {
    const outcome = await fetchCounted(candidate.url, { signal, refresh }, tally);
    if (outcome.kind !== "ok") return { candidate, outcome, pages: [], verdict: null };
    const keep = (html: string) => (deps.model ? { html } : {});
    const site: SitePage[] = [
      {
        url: outcome.finalUrl,
        facts: extractPage({ html: outcome.text, url: outcome.finalUrl, country }),
        ...keep(outcome.text),
      },
    ];
    let verdict = verifySite(identity, site[0]!.facts);
    if (verdict.verdict === "parked") return { candidate, outcome, pages: site, verdict };
    const wanted = missing([site[0]!.facts], attributes);
    // An unverified home page may still be the place's: its contact page holds the address and phone.
    if (verdict.verdict !== "verified")
      for (const w of ["phone", "address"] as const) if (!wanted.includes(w)) wanted.push(w);
    const link = chooseFollowUpLink(site[0]!.facts.links, wanted);
    if (link) {
      const hop = await fetchCounted(link.url, { signal, refresh }, tally);
      if (hop.kind === "ok") {
        site.push({
          url: hop.finalUrl,
          facts: extractPage({ html: hop.text, url: hop.finalUrl, country }),
          ...keep(hop.text),
        });
        verdict = verifySite(identity, mergeFacts(site));
      }
    }
    return { candidate, outcome, pages: site, verdict };
  }

  /**
   * What discovery need not fetch again after `c`: its URL, and its whole site unless the site verified
   * on the name alone. That is a chain's home page (the brand's name, its customer-care line): the
   * store page of this location, on the same site, is what search should still find (it agrees on
   * the phone or the street, so it wins: "a store-locator page for this location beats the brand's
   * home page", issue 9).
   */
  function checkedKeys(c: SiteCheck): string[] {
    const weak = c.verdict?.verdict === "verified" && !c.verdict.strong;
    const url = c.candidate.url;
    return weak ? [url, pageKey(url)] : [url, getDomain(url) ?? ""];
  }

  async function collectWithin(
    place: PreparedPlace,
    attributes: readonly AttributeKey[],
    ctx: EnrichContext,
    signal: AbortSignal,
  ): Promise<Evidence[]> {
    const out: Evidence[] = [];
    const status = (
      value: string | null,
      strength: Evidence["strength"],
      note: string,
      webSignal: string,
    ) => {
      if (wants(attributes, "closed_permanently"))
        out.push({
          field: "open_closed_status",
          value,
          source: WEB_SOURCE,
          strength,
          note,
          detail: { webSignal },
        });
    };
    const { candidates, referenceMatched } = await candidatesOf(place, ctx);
    const identity = identityOf(place);
    const refresh = ctx.refresh === true;
    const checks: SiteCheck[] = [];
    for (const c of candidates) {
      const result = await check(
        c,
        identity,
        place.countryCode,
        attributes,
        signal,
        refresh,
        ctx.fetchOutcomes,
      );
      checks.push(result);
      if (result.verdict?.verdict === "verified" && result.verdict.strong) break;
    }
    const strongly = checks.some((c) => c.verdict?.verdict === "verified" && c.verdict.strong);
    const engine = strongly ? null : searchClient();
    let discovery: DiscoveryReport<SiteCheck> | null = null;
    if (engine) {
      discovery = await discoverWebsite(engine, maxQueries, {
        identity,
        attributes,
        budget: ctx.budget,
        refresh,
        signal,
        alreadyChecked: new Set(checks.flatMap(checkedKeys)),
        anyVerified: checks.some((c) => c.verdict?.verdict === "verified"),
        check: (found) =>
          check(
            { url: found.url, from: `search result for "${found.query}"`, input: false, search: found },
            identity,
            place.countryCode,
            attributes,
            signal,
            refresh,
            ctx.fetchOutcomes,
          ),
      });
      out.push(...discovery.evidence);
      checks.push(...discovery.checked.map((d) => d.check));
    }
    if (checks.length === 0) {
      // A search that could not be made (the job's budget spent, the engine misconfigured) says
      // nothing about the place's presence: no verdict then, rather than one cached for days.
      const searchUnfinished = discovery?.stoppedBy === "budget" || discovery?.stoppedBy === "search_failed";
      if (searchUnfinished)
        for (const a of attributes) if (WEB_ATTRIBUTES.includes(a)) ctx.uncacheable?.add(a);
      if (referenceMatched === false && !searchUnfinished && (discovery === null || discovery.naming === 0))
        status(
          "No Internet Presence",
          "weak",
          discovery && discovery.queries.length > 0
            ? `no website: none given, none prefilled, no reference record of the place, and nothing in a web search for ${discovery.queries.map((q) => `"${q.query}"`).join(", ")} names it`
            : "no website: none given, none prefilled, and no reference record of the place",
          "no_presence",
        );
      return out;
    }
    const accepted = new Set(discovery?.accepted ? [discovery.accepted.check] : []);
    // A candidate found by search counts only when accepted (stricter than verified: discover-website.ts).
    const counts = (c: SiteCheck) =>
      c.verdict?.verdict === "verified" && (!c.candidate.search || accepted.has(c));
    // Language model (issue 11): when no site verified (nor was one found by search), the first
    // unconfirmed one given may be judged the place's.
    const unconfirmed = checks.find((c) => !c.candidate.search && c.verdict?.verdict === "unconfirmed");
    let judgedByModel: SiteCheck | null = null;
    if (deps.model && unconfirmed && !checks.some(counts)) {
      const verdict = await judgeSiteWithModel(
        deps.model,
        {
          name: identity.name,
          phones: identity.phones,
          city: identity.city,
          street: identity.street,
          country: place.countryCode,
        },
        unconfirmed.candidate.url,
        unconfirmed.pages,
        ctx,
        signal,
      );
      if (verdict) {
        unconfirmed.verdict = verdict;
        judgedByModel = unconfirmed;
      }
    }
    const verified = checks
      .filter(counts)
      .sort((a, b) => Number(b.verdict!.strong) - Number(a.verdict!.strong))[0];

    for (const c of checks) {
      if (c === verified) continue;
      // Search results that were not accepted are listed in the search's summary note; a result
      // that is dead or another business's says nothing about the place.
      if (c.candidate.search) continue;
      const why = c.verdict ? c.verdict.why : `the site could not be read: ${c.outcome.reason}`;
      // A site we could not read (robots.txt, 403, a timeout) is not checked, so not refuted; one
      // that states nothing to check refutes only the client's own hint (the issue: a hint that does
      // not verify is LOW), not a listing's website.
      const refutes =
        isDead(c.outcome) ||
        c.verdict?.verdict === "parked" ||
        c.verdict?.verdict === "different_business" ||
        (c.verdict?.verdict === "unconfirmed" && c.candidate.input);
      // A candidate that verified, only less firmly than the one chosen (its name alone, where the
      // chosen site agreed on a phone too), was checked: say so rather than "not checked".
      const outcome = refutes
        ? "not verified"
        : c.verdict?.verdict === "verified" && verified
          ? `verified less firmly than ${verified.candidate.url}`
          : "not checked";
      if (wants(attributes, "websites"))
        out.push({
          field: "website",
          value: null,
          source: WEB_SOURCE,
          strength: "weak",
          note: `website ${c.candidate.url} (${c.candidate.from}) ${outcome}: ${why}`,
          detail: {
            ...(refutes ? { refutes: c.candidate.url } : { notChecked: c.candidate.url }),
            verification: c.verdict?.verdict ?? c.outcome.kind,
          },
        });
    }
    if (verified) {
      const v = verified.verdict!;
      const url = verified.candidate.url;
      const found = verified.candidate.search;
      // Found by search: HIGH only when a phone or the street agrees (the name and the city alone
      // are shared by namesakes in other streets), else MEDIUM.
      const firm = v.agreements.includes("phone") || v.agreements.includes("street");
      const acceptedWhy = discovery?.accepted?.check === verified ? discovery.accepted.why : v.why;
      if (wants(attributes, "websites"))
        out.push({
          field: "website",
          value: url,
          source: verified === judgedByModel ? MODEL_SOURCE : WEB_SOURCE,
          strength:
            verified === judgedByModel ? "weak" : v.strong && (!found || firm) ? "strong" : "moderate",
          note: found
            ? `website ${url} found by searching "${found.query}" (result ${found.rank}, ${found.engine}) and verified: ${acceptedWhy}`
            : `website ${url} verified: ${v.why}`,
          detail: {
            verification: "verified",
            agreements: v.agreements,
            finalUrl: verified.outcome.finalUrl,
            ...(found
              ? {
                  origin: "search",
                  query: found.query,
                  rank: found.rank,
                  engine: found.engine,
                  score: found.score,
                }
              : {}),
          },
        });
      out.push(
        ...pageEvidence(verified.pages, attributes, v.strong ? "moderate" : "weak", place.countryCode),
      );
      const closure = verified.pages.map((p) => p.facts.closure).find((c) => c !== null);
      // Language model (issue 11): hours and closure notices the rules could not read.
      const read = deps.model
        ? await readSiteWithModel(
            deps.model,
            verified.pages,
            attributes,
            v.strong ? "moderate" : "weak",
            ctx,
            signal,
          )
        : null;
      if (read) out.push(...read.evidence);
      // A notice on a site bearing the place's name is explicit (MEDIUM); that a site merely answers
      // says less when only its name agrees (LOW).
      if (closure?.kind === "permanent")
        status("Closed", "moderate", `website ${url} says "${closure.quote}"`, "closure");
      else if (closure?.kind === "temporary")
        status("Temporarily Closed", "moderate", `website ${url} says "${closure.quote}"`, "temporary");
      else if (!read?.closed)
        status(
          "Open",
          v.strong ? "moderate" : "weak",
          `website ${url} is live and verified, with no closure notice`,
          "live",
        );
      return out;
    }
    for (const c of checks) {
      if (c.candidate.search) continue;
      const dead =
        isDead(c.outcome) || c.verdict?.verdict === "parked" || c.verdict?.verdict === "different_business";
      if (dead)
        status(
          "Closed",
          "weak",
          `website ${c.candidate.url} is gone: ${c.verdict ? c.verdict.why : c.outcome.reason}`,
          "dead",
        );
    }
    return out;
  }

  return {
    name: WEB_SOURCE,
    attributes: WEB_ATTRIBUTES,
    async collect(place, attributes, ctx) {
      if (!attributes.some((a) => WEB_ATTRIBUTES.includes(a))) return [];
      const signal = AbortSignal.timeout(options.jobTimeoutMs);
      try {
        const evidence = await collectWithin(place, attributes, ctx, signal);
        // A search or model call refused for budget: the answer lacks what it would have found.
        if (ctx.budget && ctx.budget.exhausted().length > 0)
          for (const a of attributes) if (WEB_ATTRIBUTES.includes(a)) ctx.uncacheable?.add(a);
        return evidence;
      } catch (error) {
        if (signal.aborted) throw new WebTimeLimitError(options.jobTimeoutMs);
        throw error;
      }
    },
    async close() {
      await fetcher?.close();
      fetcher = null;
      await search?.close();
      search = null;
    },
  };
}
