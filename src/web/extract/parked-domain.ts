/**
 * A parked or for-sale domain: the page is a domain marketplace's or parking service's, not a
 * business's. Markers: links, scripts and frames served from parking and marketplace hosts
 * (Sedo, Dan.com, Afternic, Bodis, ParkingCrew, Above.com, HugeDomains, GoDaddy's parking,
 * Namecheap's parking, Undeveloped, Atom/Squadhelp), and the sentences such pages carry ("This
 * domain is for sale", "The domain may be for sale", "Diese Domain kaufen", "Ce domaine est à
 * vendre", "Este dominio está a la venta", "Questo dominio è in vendita", "Dit domein is te koop").
 */
import type { PageDocument } from "./document.js";
import type { ParkedSignal } from "./page-facts.js";
import { pageIndex } from "./page-index.js";

// biome-ignore format: compact lookup table
const PARKING_HOSTS = [
  "sedo.com", "sedoparking.com", "dan.com", "afternic.com", "bodis.com", "parkingcrew.net", "above.com",
  "hugedomains.com", "parklogic.com", "domainmarket.com", "undeveloped.com", "squadhelp.com", "atom.com",
  "parkingpage.namecheap.com", "img1.wsimg.com/parking", "domaincntrol.com", "sav.com", "efty.com",
  "epik.com/domain", "brandbucket.com", "buydomains.com", "namesilo.com/parking", "porkbun.com/parked",
];

/** One test per link before the per-host search (a catalogue page has thousands of links). */
const PARKING_HINT = new RegExp(PARKING_HOSTS.map((h) => h.replace(/[./]/g, "\\$&")).join("|"));

const FOR_SALE =
  /(?:this|the) domain(?: name)? (?:is|may be|might be) for sale|domain (?:is|may be) for sale|buy this domain|make an offer on this domain|inquire about this domain|diese domain (?:kaufen|steht zum verkauf|ist zu verkaufen|kann erworben werden)|domain steht zum verkauf|ce (?:nom de )?domaine est (?:à vendre|en vente)|este dominio (?:está|esta) (?:a la venta|en venta)|questo dominio è in vendita|dit domein is te koop|este domínio está à venda/i;

const PARKED_TEXT =
  /this domain (?:is|has been) (?:parked|registered)|domain parking|parked free|this web page is parked|this domain has expired|diese domain wurde (?:geparkt|registriert)|related searches|sponsored listings/i;

/** Parking markers in the page, or null when it looks like an ordinary site. */
export function parkedDomain($: PageDocument, lines: readonly string[]): ParkedSignal | null {
  let host: string | null = null;
  const index = pageIndex($);
  for (const el of [...index.resources, ...index.anchors]) {
    const a = el.attribs;
    const ref = (a.href ?? a.src ?? a.action ?? "").toLowerCase();
    if (!PARKING_HINT.test(ref)) continue;
    const hit = PARKING_HOSTS.find((h) => ref.includes(`//${h}`) || ref.includes(`.${h}`));
    if (hit) {
      host = hit;
      break;
    }
  }
  const text = lines.slice(0, 200).join("\n");
  const sale = FOR_SALE.exec(text);
  const parkedText = PARKED_TEXT.exec(text);
  // A business page linking to a marketplace once is not parked: a host marker needs little text
  // around it (a parking page has a few lines) or one of the sentences.
  const small = lines.length < 60;
  const parked =
    (host !== null && (small || sale !== null || parkedText !== null)) || (parkedText !== null && small);
  if (!parked && !sale) return null;
  const evidence = sale?.[0] ?? parkedText?.[0] ?? `links to ${host}`;
  return { parked, forSale: sale !== null, evidence: host && !sale ? `links to ${host}` : evidence };
}
