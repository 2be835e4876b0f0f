/**
 * Which of a matched brand's NSI entries the place is. NSI lists one entry per kind of outlet a
 * brand runs (Safeway: supermarkets, in-store pharmacies, fuel stations; Shell: fuel stations,
 * their shops and car washes), and a bare name fits several of them equally. The place's categories
 * and cuisines come from the entries this picks, never from the union of every outlet kind (a
 * Safeway is not `supermarket, pharmacy, gas_station` at once).
 *
 * In order:
 * 1. the place's category hints: the brand's entries whose categories include a hinted code, else
 *    share its top-level category ("Safeway" hinted `gas_station` → Safeway Fuel Station);
 * 2. the entries ranked first by the name match (`tied`: "Kroger" names Kroger's supermarkets and
 *    its fuel stations alike). Of those, the brand's shops (shop=*) — a retailer runs fuel
 *    stations, pharmacies and car washes at its stores, not the reverse — unless the brand's
 *    Wikidata description names only a service kind among them: "multinational fuel station
 *    chain" (Shell: fuel, not its shops), "American pharmacy and convenience store chain"
 *    (Walgreens: amenity=pharmacy over shop=chemist). Several shops stay together (Target USA:
 *    supermarket and department store; Overture lists both);
 * 3. with no shop among them, the services the description names ("oil and gas company" → fuel),
 *    else all of them (no arbitrary pick).
 */
import type { BrandEntry } from "./brand-index.js";
import type { BrandMatch } from "./brand-matcher.js";
import { brandDescription } from "./brand-wikidata.js";

/**
 * Words a Wikidata description uses for an OSM outlet kind, beyond the tag value itself
 * ("fuel" → "fuel station chain", "gas station", "petrol station").
 */
// biome-ignore format: compact lookup table
const KIND_WORDS: Readonly<Record<string, readonly string[]>> = {
  "amenity/fuel": ["fuel", "gas station", "petrol", "filling station", "service station", "oil"],
  "shop/supermarket": ["supermarket", "grocery", "grocer", "hypermarket"],
  "shop/convenience": ["convenience"],
  "amenity/pharmacy": ["pharmacy", "pharmacies"],
  "shop/chemist": ["drugstore", "drug store", "chemist"],
  "amenity/fast_food": ["fast food", "fast-food", "fast casual"],
  "amenity/cafe": ["coffee", "café", "cafe", "coffeehouse"],
  "amenity/restaurant": ["restaurant"],
  "amenity/car_wash": ["car wash"],
  "shop/department_store": ["department store"],
  "shop/wholesale": ["wholesale", "warehouse club", "membership"],
  "amenity/bank": ["bank"],
  "tourism/hotel": ["hotel"],
};

/**
 * Per outlet kind, its words as whole words, also plural ("supermarkets"; never the "oil" of
 * "toiletries").
 */
const kindPatterns = new Map<string, RegExp>();
function kindPattern(kv: string): RegExp {
  let re = kindPatterns.get(kv);
  if (!re) {
    const words = KIND_WORDS[kv] ?? [kv.slice(kv.indexOf("/") + 1).replace(/_/g, " ")];
    const alt = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alt})(?:e?s)?(?![\\p{L}\\p{N}])`, "iu");
    kindPatterns.set(kv, re);
  }
  return re;
}

function namedByDescription(entries: readonly BrandEntry[], description: string): BrandEntry[] {
  return entries.filter((e) => kindPattern(e.kv).test(description));
}

/**
 * The entries of `match` (one or more, never empty) that describe this place. `hintCodes` are the
 * Overture codes of the place's category hints; `categoriesOf` an entry's codes; `rootOf` a code's
 * top-level category.
 */
export function mainEntries(
  match: Pick<BrandMatch, "entry" | "entries" | "tied">,
  hintCodes: readonly string[],
  categoriesOf: (e: BrandEntry) => readonly string[],
  rootOf: (code: string) => string,
): BrandEntry[] {
  if (hintCodes.length > 0 && match.entries.length > 1) {
    const byCode = match.entries.filter((e) => categoriesOf(e).some((c) => hintCodes.includes(c)));
    if (byCode.length > 0) return byCode;
    const roots = new Set(hintCodes.map(rootOf));
    const byRoot = match.entries.filter((e) => categoriesOf(e).some((c) => roots.has(rootOf(c))));
    if (byRoot.length > 0) return byRoot;
  }
  const tied = match.tied.length > 0 ? match.tied : [match.entry];
  if (tied.length === 1) return tied;
  const isShop = (e: BrandEntry) => e.kv.startsWith("shop/");
  const description = brandDescription(match.entry.wikidata);
  const named = description ? namedByDescription(tied, description) : [];
  const namedServices = named.filter((e) => !isShop(e));
  if (namedServices.length > 0 && !named.some(isShop)) return namedServices;
  const shops = tied.filter(isShop);
  return shops.length > 0 ? shops : tied;
}
