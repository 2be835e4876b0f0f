/**
 * `npm run eval:discovery`: precision and share found of website discovery (issue 11, part 2) over
 * a fixture corpus, through the real pipeline: the SearXNG fixture server (SearXNG's JSON, canned
 * results per query), the real search client, the web source (SSRF-guarded fetcher with
 * WEB_ALLOW_PRIVATE_NETWORK on, every name resolved to 127.0.0.1, extraction, verification,
 * acceptance), the default sources and the resolvers. Results go to docs/quality.md by hand.
 *
 * The corpus (discoveryCorpus below): every fixture page of test/fixtures/web/ that is a business's
 * own site (49 of 52: not the parked, for-sale and other-business pages) becomes a place with no
 * website hint — its name, its city (as stated on the page, else the city its phone's area code
 * belongs to: a client knows where its places are), for every third place its phone, for every
 * other place with a known street its street (then a second query, name + street + city, answered
 * with nothing, is asked when the first verified nothing) — and one
 * of six result sets, in turn:
 *   site_first        the site at rank 1, then Yelp and Facebook
 *   below_directories Yelp, Tripadvisor, Google Maps, Facebook, then the site at rank 5
 *   directories_only  Yelp, Tripadvisor, Instagram, OpenTable: no website to find
 *   lookalike_first   a look-alike domain (the name + "s") serving another business's page, then the site
 *   namesake_only     a business of the same name in another city (own page: other phone, other
 *                     address) on a domain like the name: no website to find
 *   nothing           no results
 * plus four hand-written cases (test/fixtures/web/discovery/*.html): a food blog's review ranked
 * above the site, a same-named restaurant in Miami above the Annapolis one, a same-named restaurant
 * whose page names the place's town ("not affiliated with the one in Annapolis") on a domain that is
 * the name, and a town where only a look-alike and the blog answer.
 *
 * Counting: discovered = a non-null `website`; correct = it is the place's own site. Precision =
 * correct / discovered; found = correct / places whose own site is among the results.
 * `--misses` lists every wrong or missed place with its reasoning.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../src/config.js";
import { createPlaceEnricher } from "../src/enrich/enricher.js";
import { JobBudget } from "../src/enrich/job-budget.js";
import { buildSearchQueries } from "../src/search/search-queries.js";
import type { Resolver } from "../src/web/guard/resolver.js";
import { createWebSource } from "../src/web/web-source.js";
import { type CannedResult, startSearxngFixtureServer } from "../test/support/searxng-fixture-server.js";
import { startWebFixtureServer } from "../test/support/web-fixture-server.js";

const DIR = join(import.meta.dirname, "../test/fixtures/web");
const loopback: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];

/** Cities for pages that state none, from their phone's area code. */
const CITY_BY_PAGE: Record<string, string> = {
  "54": "Bologna",
  "55": "福岡市",
  "56": "Rimini",
  "57": "서울",
  "58": "杭州",
  "60": "Nantes",
  "09": "York",
  "17": "Boise",
  "18": "Kassel",
  "19": "Montpellier",
  "20": "Zaragoza",
  "21": "Torino",
  "22": "Haarlem",
  "23": "Dresden",
  "24": "Boston",
  "25": "Milwaukee",
  "26": "Denver",
  "27": "Portland",
  "28": "Bonn",
  "29": "Rennes",
  "30": "Madrid",
  "31": "Milano",
  "32": "Amsterdam",
  "33": "Bristol",
  "39": "Bend",
  "40": "Austin",
  "41": "Burlington",
  "42": "Heidelberg",
  "43": "Maplewood",
  "44": "Portland",
  "45": "Middlebury",
  "46": "Stowe",
  "49": "Leicester",
  "50": "Valencia",
  "52": "台北市",
};

const SCENARIOS = [
  "site_first",
  "below_directories",
  "directories_only",
  "lookalike_first",
  "namesake_only",
  "nothing",
] as const;
type Scenario = (typeof SCENARIOS)[number] | "handwritten";

interface CorpusPlace {
  id: string;
  scenario: Scenario;
  inputs: Record<string, string>;
  results: CannedResult[];
  /** The URL the place's own site has in the results, or null when it is not among them. */
  own: string | null;
}

const web = await startWebFixtureServer();
const searx = await startSearxngFixtureServer();
const at = (host: string, page: string) => `http://${host}:${web.port}/static/${page}.html`;

// A business of the same name elsewhere: its own page, with another phone and address.
web.route("/namesake", (req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  const name = url.searchParams.get("name") ?? "";
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const ld = {
    "@context": "https://schema.org",
    "@type": "LocalBusiness",
    name,
    telephone: "+1 309-555-0177",
    address: {
      "@type": "PostalAddress",
      streetAddress: "700 Lakeview Rd",
      addressLocality: "Riverside",
      addressRegion: "IL",
      postalCode: "61614",
      addressCountry: "US",
    },
  };
  res.writeHead(200, { "content-type": "text/html" });
  res.end(`<!doctype html><html><head><title>${esc(name)} | Riverside, IL</title>
<script type="application/ld+json">${JSON.stringify(ld)}</script></head>
<body><h1>${esc(name)}</h1><p>700 Lakeview Rd, Riverside, IL 61614 · (309) 555-0177</p></body></html>`);
});

function discoveryCorpus(): CorpusPlace[] {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith(".expected.json"))
    .sort();
  const pages = files
    .map((f) => ({
      base: f.replace(/\.expected\.json$/, ""),
      ...JSON.parse(readFileSync(join(DIR, f), "utf8")),
    }))
    .filter((p) => !p.expected.parked && !p.expected.for_sale && !p.base.includes("different-business"));
  const out: CorpusPlace[] = [];
  for (const [i, p] of pages.entries()) {
    const host = new URL(p.input.url).hostname;
    const label = host.replace(/^(www|stores)\./, "").split(".")[0]!;
    const name: string = p.expected.names[0];
    const city: string = p.expected.address?.city ?? CITY_BY_PAGE[p.base.slice(0, 2)]!;
    const inputs: Record<string, string> = {
      name,
      city,
      ...(p.input.country ? { country_code: p.input.country } : {}),
    };
    if (i % 3 === 0 && p.expected.phones[0]) inputs.phone = p.expected.phones[0];
    // Every other place with a known street gives it: a second query when the first finds nothing.
    if (i % 2 === 1 && p.expected.address?.street) inputs.street = p.expected.address.street;
    const own = at(host, p.base);
    const scenario = SCENARIOS[i % SCENARIOS.length]!;
    const slug = label.toLowerCase();
    const yelp = { url: `https://www.yelp.com/biz/${slug}-${i}`, title: `${name} - ${city} - Yelp` };
    const trip = {
      url: `https://www.tripadvisor.com/Attraction_Review-d${i}`,
      title: `${name} (${city}) - Tripadvisor`,
    };
    const maps = {
      url: `https://www.google.com/maps/place/${encodeURIComponent(name)}`,
      title: `${name} · Google Maps`,
    };
    const fb = { url: `https://www.facebook.com/${slug}${i}`, title: `${name} | ${city} | Facebook` };
    const ig = {
      url: `https://www.instagram.com/${slug.slice(0, 20)}${i}/`,
      title: `${name} (@${slug}) • Instagram`,
    };
    const ot = { url: `https://www.opentable.com/r/${slug}`, title: `${name} - ${city} | OpenTable` };
    const site = { url: own, title: name, content: `${name}, ${city}` };
    const other = pages[(i + 1) % pages.length]!;
    const lookalike = {
      url: at(host.replace(label, `${label}s`), other.base),
      title: `${other.expected.names[0]}`,
    };
    const namesake = {
      url: `http://www.${slug}-riverside.com:${web.port}/namesake?name=${encodeURIComponent(name)}`,
      title: `${name} | Riverside, IL`,
    };
    const results: Record<(typeof SCENARIOS)[number], CannedResult[]> = {
      site_first: [site, yelp, fb],
      below_directories: [yelp, trip, maps, fb, site],
      directories_only: [yelp, trip, ig, ot],
      lookalike_first: [lookalike, yelp, site],
      namesake_only: [namesake, yelp],
      nothing: [],
    };
    const present = ["site_first", "below_directories", "lookalike_first"].includes(scenario);
    out.push({ id: p.base, scenario, inputs, results: results[scenario], own: present ? own : null });
  }
  const marigold = at("www.marigoldtable.com", "01-jsonld-restaurant-us");
  const blog = {
    url: at("www.pdxfoodnotes.com", "discovery/discovery-news-article"),
    title: "Marigold Table review | PDX Food Notes",
  };
  const tables = {
    url: at("www.marigoldtables.com", "discovery/discovery-lookalike-marigold-tables"),
    title: "Marigold Tables | Event & Party Rentals in Seattle",
  };
  out.push(
    {
      id: "blog-above-site",
      scenario: "handwritten",
      inputs: { name: "Marigold Table", city: "Portland", country_code: "US" },
      results: [blog, tables, { url: marigold, title: "Home | Marigold Table" }],
      own: marigold,
    },
    {
      id: "namesake-above-site",
      scenario: "handwritten",
      inputs: { name: "Blue Crab Shack", city: "Annapolis", country_code: "US" },
      results: [
        {
          url: at("www.bluecrabshackmiami.com", "discovery/discovery-namesake-blue-crab-shack-miami"),
          title: "Blue Crab Shack Miami",
        },
        {
          url: at("www.bluecrabshack.com", "13-microdata-restaurant-us"),
          title: "Blue Crab Shack | Annapolis",
        },
      ],
      own: at("www.bluecrabshack.com", "13-microdata-restaurant-us"),
    },
    {
      id: "namesake-naming-our-town",
      scenario: "handwritten",
      inputs: { name: "Blue Crab Shack", city: "Annapolis", country_code: "US" },
      results: [
        {
          url: at("www.bluecrabshack.net", "discovery/discovery-namesake-mentions-town"),
          title: "Blue Crab Shack | Miami Beach",
        },
      ],
      own: null,
    },
    {
      id: "only-lookalike-and-blog",
      scenario: "handwritten",
      inputs: { name: "Marigold Table", city: "Salem", country_code: "US" },
      results: [tables, blog],
      own: null,
    },
  );
  return out;
}

const corpus = discoveryCorpus();
/** The first query discovery asks (search-queries.ts: name + city, the city left out when the name holds it). */
const firstQuery = (p: CorpusPlace) =>
  buildSearchQueries({ name: p.inputs.name!, city: p.inputs.city!, street: null, postalCode: null }, 1)[0]!;

const config = {
  ...loadConfig({ WEB_ALLOW_PRIVATE_NETWORK: "true", WEB_FETCHING: "on" }).web,
  allowedPorts: [web.port],
  perHostDelayMs: 0,
};
const search = { ...loadConfig({ WEB_FETCHING: "on", SEARCH_URL: searx.url }).search, ratePerSecond: 1000 };
const source = createWebSource({ config, jobTimeoutMs: 60_000, search }, { resolver: loopback });
const enricher = createPlaceEnricher({ extraSources: [source] });

type Tally = { places: number; present: number; discovered: number; correct: number };
const tally = new Map<string, Tally>();
const add = (key: string, t: Partial<Tally>) => {
  const s = tally.get(key) ?? { places: 0, present: 0, discovered: 0, correct: 0 };
  for (const [k, v] of Object.entries(t)) s[k as keyof Tally] += v as number;
  tally.set(key, s);
};
const misses: string[] = [];
let searches = 0;
const started = performance.now();
for (const p of corpus) {
  // Two places may ask the same query (a hand-written case and its page's own): each gets its own
  // results, asked afresh (refresh: no cached answer, no cached page).
  searx.setResults(firstQuery(p), p.results);
  const place = enricher.prepare(p.id, p.inputs as never);
  const budget = new JobBudget();
  const r = await enricher.enrich(place, ["websites"], { now: Date.now(), budget, refresh: true });
  searches += budget.spent().searches;
  const got = (r.websites?.outputs.website as string | null) ?? null;
  const correct = got !== null && got === p.own;
  for (const key of [p.scenario, "all"])
    add(key, { places: 1, present: p.own ? 1 : 0, discovered: got ? 1 : 0, correct: correct ? 1 : 0 });
  if (got !== p.own)
    misses.push(
      `${p.id} (${p.scenario}): expected ${p.own ?? "none"}, got ${got ?? "none"} — ${r.websites?.reasoning.website}`,
    );
}
const ms = performance.now() - started;
const fetches = web.requests.filter((q) => !q.path.startsWith("/robots.txt")).length;
await source.close?.();
await searx.close();
await web.close();

const f = (n: number, d: number) => (d === 0 ? "—" : (n / d).toFixed(2));
console.log(
  `${corpus.length} places, ${(ms / 1000).toFixed(1)} s; ${searches} searches, ${fetches} page fetches\n`,
);
console.log("| result set | places | site among results | discovered | correct | precision | found |");
console.log("|---|---|---|---|---|---|---|");
for (const [key, s] of [...tally].sort(([a], [b]) => (a === "all" ? 1 : b === "all" ? -1 : 0)))
  console.log(
    `| ${key} | ${s.places} | ${s.present} | ${s.discovered} | ${s.correct} | ${f(s.correct, s.discovered)} | ${f(s.correct, s.present)} |`,
  );
console.log(
  `\nper 1,000 places: ${Math.round((searches / corpus.length) * 1000)} searches, ${Math.round((fetches / corpus.length) * 1000)} page fetches`,
);
if (process.argv.includes("--misses")) for (const m of misses) console.log(m);
