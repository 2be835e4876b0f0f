/**
 * Sites that are *about* places, not the places' own: directories, review sites, maps, delivery and
 * booking platforms, social networks, encyclopedias. A search for a business returns them above its
 * own site more often than not; they are evidence that it exists (and of its social handles, and
 * sometimes that it closed), never its website.
 *
 * No maintained package lists them (searched npm for directory / review-site domain lists; the
 * normalizer's LISTING_HOSTS covers hints, src/enrich/normalize/website.ts), so this file does:
 * brands by their registrable domain's label, matched under every public suffix (yelp.com, yelp.de,
 * yelp.co.uk; tripadvisor.* in 40 countries), and a few domains whose label is a common word, by
 * domain. Extend it here; a false entry costs only the sites under that label.
 */
import { parse } from "tldts";

export type ListingKind = "directory" | "review" | "map" | "delivery" | "booking" | "social" | "reference";

// biome-ignore format: lookup table, one kind a line
const LABELS: Readonly<Record<ListingKind, readonly string[]>> = {
  review: ["yelp", "tripadvisor", "trustpilot", "restaurantguru", "zomato", "tabelog", "thefork", "lafourchette", "eltenedor", "iens", "sluurpy", "menupages", "allmenus", "happycow", "untappd", "glassdoor", "indeed", "kununu", "provenexpert", "golocal", "werkenntdenbesten", "yelpreservations", "dianping", "retty", "hotpepper", "gurunavi", "mangoplate", "2gis", "trip", "wanderlog", "restaurantji", "menupix", "sirved"],
  directory: ["yellowpages", "yell", "gelbeseiten", "dasoertliche", "dastelefonbuch", "11880", "pagesjaunes", "paginegialle", "paginasamarillas", "goudengids", "detelefoongids", "herold", "cylex", "cylex-uk", "hotfrog", "manta", "superpages", "citysearch", "merchantcircle", "brownbook", "n49", "infobel", "kompass", "opendi", "bbb", "chamberofcommerce", "cybo", "nicelocal", "tuugo", "misterwhat", "firmania", "yably", "storeboard", "showmelocal", "mapquest", "foursquare", "allbiz", "yellow", "locanto", "justdial", "sulekha", "bizapedia", "dnb", "zoominfo", "opencorporates", "northdata", "companieshouse", "local", "search", "meinestadt", "stadtbranchenbuch", "branchenbuch", "11870", "infoisinfo", "yalwa", "waze", "wanderboat", "topwirtschaft"],
  map: ["openstreetmap", "mapy", "wego", "here"],
  delivery: ["ubereats", "doordash", "grubhub", "seamless", "postmates", "deliveroo", "justeat", "just-eat", "lieferando", "thuisbezorgd", "takeaway", "foodpanda", "glovoapp", "wolt", "menulog", "skipthedishes", "swiggy", "talabat", "rappi", "ifood", "caviar", "chownow", "slicelife", "toasttab", "order", "beyondmenu", "menufy"],
  booking: ["opentable", "resy", "exploretock", "sevenrooms", "quandoo", "bookatable", "booksy", "fresha", "treatwell", "vagaro", "styleseat", "zocdoc", "doctolib", "jameda", "booking", "expedia", "hotels", "agoda", "airbnb", "groupon", "trivago", "kayak"],
  social: ["facebook", "fb", "instagram", "tiktok", "twitter", "x", "linkedin", "pinterest", "youtube", "threads", "snapchat", "nextdoor", "reddit", "vk", "weibo", "xiaohongshu", "line", "linktr", "linktree", "whatsapp", "telegram"],
  reference: ["wikipedia", "wikidata", "wikivoyage", "wikimapia", "fandom"],
};

/** Listing sites whose label is too common to match under every suffix, by registrable domain. */
const DOMAINS: Readonly<Record<string, ListingKind>> = {
  "google.com": "map",
  "goo.gl": "map",
  "g.page": "map",
  "apple.com": "map",
  "bing.com": "map",
  "yandex.ru": "map",
  "yandex.com": "map",
  "naver.com": "map",
  "kakao.com": "map",
  "baidu.com": "map",
  "amap.com": "map",
};

/** Hosts under a listed domain that are a business's own site (site builders). */
const OWN_SITE_HOSTS = [/^sites\.google\.com$/, /\.business\.site$/];

const BY_LABEL = new Map<string, ListingKind>();
for (const [kind, labels] of Object.entries(LABELS) as [ListingKind, readonly string[]][])
  for (const label of labels) BY_LABEL.set(label, kind);

/**
 * What kind of listing site `url` is on, or null for any other site (a candidate for the place's
 * own). Google's whole domain counts as a map (Maps, Business Profiles, search pages) in every
 * country (google.de, google.co.uk) except Google Sites.
 */
export function listingKind(url: string): ListingKind | null {
  const p = parse(url);
  if (!p.hostname || !p.domain) return null;
  if (OWN_SITE_HOSTS.some((re) => re.test(p.hostname!))) return null;
  const byDomain = DOMAINS[p.domain];
  if (byDomain) return byDomain;
  if (p.domainWithoutSuffix === "google" || p.domainWithoutSuffix === "yandex") return "map";
  return p.domainWithoutSuffix ? (BY_LABEL.get(p.domainWithoutSuffix) ?? null) : null;
}
