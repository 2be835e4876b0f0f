/**
 * Postal-delivery designators: how mail reaches a box or a sorting office instead of the door. They
 * are not parts of the place's location (not a house, street, city or state), so the parser takes
 * them out before reading the rest and reports them apart; the text stays in full_address.
 *
 * Conventions:
 * - La Poste (France, NF Z 10-011): `BP 123` (boîte postale), `CS 10001` (course spéciale),
 *   `TSA 12345` (tri service arrivée), and `CEDEX` (+ office number) after the town on the last
 *   line: `33000 Bordeaux Cedex 9` — the town is Bordeaux;
 * - USPS / Canada Post / Royal Mail / Australia Post / NZ Post: `PO Box 123`, `P.O. Box`, `POB`,
 *   `Post Office Box`, `GPO Box`, `Locked Bag`, `Private Bag`, `PMB` (private mailbox), Canada
 *   Post's French `CP 123` / `Case postale 123`, `RR 2` (rural route);
 * - Deutsche Post / Post CH / Post AT: `Postfach 12 34 56`; PostNL / bpost: `Postbus 123`;
 * - Correos and Latin America: `Apartado (de Correos|Postal) 123`, `Apdo. 123`, `Casilla (de
 *   Correo) 123`; Correios (Brazil): `Caixa Postal 123`, `CxP 123`; CTT (Portugal): `Apartado 123`;
 * - Poste Italiane: `Casella Postale 123`, `C.P. 123` (in Italy only: in Spanish `C.P.` is the
 *   postcode); Correos d'Andorra / Catalan: `Apartat (de Correus) 123`;
 * - Nordic posts: Norway and Denmark `Postboks 123` / `Boks 123`, Sweden `Box 123`, Iceland
 *   `Pósthólf 123`, Finland `Postilokero 123` / `PL 123` (Finland only: elsewhere "pl." is a square);
 * - Poczta Polska `Skrytka pocztowa 123` (`skr. poczt.`); Magyar Posta `Postafiók 123`, `Pf. 123`;
 *   PTT (Turkey) `Posta Kutusu 123`, `P.K. 123`; ELTA (Greece) `Τ.Θ. 123`; Russian Post `а/я 123`
 *   (абонентский ящик);
 * - Israel Post `ת.ד. 123`; Arabic `ص.ب 123` / `ص ب 123` (P.O. Box).
 *
 * Post CH and Deutsche Post also write a box without its number, as a part of its own
 * (`Bundesplatz 3, Postfach, 3003 Bern`; `Case postale, 1211 Genève 2`): the whole part is the
 * designator. In a box address the number after the town is the delivery office's
 * (`1211 Genève 2`, like CEDEX 9): address-fast.ts keeps it out of the town.
 */

/**
 * "10001", "Postfach 10 12 34" (German boxes are grouped in pairs), "Apartado Postal 5-123"
 * (Mexico), "Private Bag X1" (South Africa).
 */
const NUMBER = String.raw`[A-Z]?\d{1,6}(?:-\d{1,6}|(?: \d{2}){0,3})`;
// biome-ignore format: one alternative per convention
const BOX_WORDS = [
  String.raw`B\.?P\.?`, "CS", "TSA", "bo[iî]te postale",
  String.raw`P\.? ?O\.? ?Box`, "POB", "Post Office Box", "GPO Box", "Locked Bag", "Private Bag", "PMB",
  "Case postale", "RR", "Rural Route",
  "Postfach", "Postbus", "Postboks", "Boks", "Box", "Pósthólf", "Postilokero",
  "Apartado(?: de Correos| Postal)?", String.raw`Apdo\.?(?: Postal)?`, "Casilla(?: de Correos?)?",
  "Caixa Postal", "CxP", "Casella Postale", "Apartat(?: de Correus)?",
  "Skrytka pocztowa", String.raw`skr\.? ?poczt\.?`, "Postafiók", String.raw`Pf\.`, "Posta Kutusu",
  String.raw`P\.K\.`, String.raw`Τ\.? ?Θ\.?`, "а/я",
  String.raw`ת\.?ד\.?`, String.raw`ص\.? ?ب\.?`,
].join("|");
/** Box words written alone as a part, without the box's number (Swiss and German usage). */
const BARE_BOX_WORDS = "Postfach|Case postale|Casella postale|Bo[iî]te postale|Postboks|Pósthólf";
const BARE_BOX = new RegExp(`^(?:${BARE_BOX_WORDS})$`, "iu");

/** The end of a designator: the text's end, a space or a part separator of any script. */
const END = String.raw`(?=$|[\s,;\u060c\u061b\uff0c\uff1b\u3001])`;
const BOX = new RegExp(String.raw`(?:^|\s)((?:${BOX_WORDS})\s*[.:#№]?\s*(?:${NUMBER}))${END}`, "iu");
/**
 * Canada Post's `CP 123` and Italy's `C.P. 123` (only where `C.P.` is not the postcode, as it is in
 * Spanish), and Finland's `PL 123` (postilokero; elsewhere "pl." is a square).
 */
const LOCAL_BOX: ReadonlyArray<readonly [RegExp, ReadonlySet<string>]> = [
  [
    new RegExp(String.raw`(?:^|\s)(C\.?P\.?\s*\d{1,6})${END}`, "i"),
    new Set(["CA", "CH", "IT", "FR", "BE", "LU", "SM", "VA"]),
  ],
  [new RegExp(String.raw`(?:^|\s)(PL\s*\d{1,6})${END}`), new Set(["FI"])],
];

const CEDEX = /\s+(CEDEX(?:\s+\d{1,3})?)\s*$/i;
const BARE_BOX_ANYWHERE = new RegExp(String.raw`(?:^|[,;\n])\s*(?:${BARE_BOX_WORDS})\s*(?:$|[,;\n])`, "iu");

/** Cheap test on the whole text before any segment is searched. */
export function mayHoldDelivery(text: string, country: string | null): boolean {
  return (
    BOX.test(text) ||
    BARE_BOX_ANYWHERE.test(text) ||
    /cedex/i.test(text) ||
    (country !== null && LOCAL_BOX.some(([re, countries]) => countries.has(country) && re.test(text)))
  );
}

export interface DeliveryCut {
  /** The designator as written, e.g. "CS 10001", "PO Box 123", "CEDEX 9". */
  delivery: string;
  /** The segment without it (may be empty). */
  rest: string;
}

function cut(segment: string, index: number, length: number, delivery: string): DeliveryCut {
  const rest = `${segment.slice(0, index)} ${segment.slice(index + length)}`
    .replace(/^[\s,–—-]+|[\s,–—-]+$/g, "")
    .replace(/\s{2,}/g, " ");
  return { delivery: delivery.replace(/\s{2,}/g, " ").trim(), rest };
}

/** A box designator in one address segment ("CS 10001", "PO Box 123", "Postfach 10 12 34"). */
export function extractPostalBox(segment: string, country: string | null): DeliveryCut | null {
  if (BARE_BOX.test(segment)) return { delivery: segment, rest: "" };
  const m = BOX.exec(segment);
  if (m?.[1]) return cut(segment, m.index, m[0].length, m[1]);
  for (const [re, countries] of LOCAL_BOX) {
    if (!country || !countries.has(country)) continue;
    const c = re.exec(segment);
    if (c?.[1]) return cut(segment, c.index, c[0].length, c[1]);
  }
  return null;
}

/** La Poste's `CEDEX` (+ office number) after the town: "Bordeaux Cedex 9" → Bordeaux. */
export function extractCedex(segment: string): DeliveryCut | null {
  const m = CEDEX.exec(segment);
  if (!m?.[1]) return null;
  return { delivery: m[1].replace(/^cedex/i, "CEDEX"), rest: segment.slice(0, m.index).trim() };
}

/** True when the designators hold a box (CEDEX alone names a sorting office, not a box). */
export function hasBox(delivery: readonly string[]): boolean {
  return delivery.some((d) => !/^cedex/i.test(d));
}
