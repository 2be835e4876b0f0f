/**
 * What a phone number on a page is for, read from the words written before it: the last label
 * word before the number wins ("Tel. 030 1234 · Fax 030 1235": the second number is the fax).
 * Label words in en/de/fr/es/it/nl/pt and CJK; company registration and bank identifiers
 * ("USt-IdNr.", "IBAN", "SIRET", "P.IVA") mark digits that are not phone numbers at all.
 */
import type { PhoneLabel } from "./page-facts.js";

export type LabelReading = PhoneLabel | "not-a-phone";

const B = String.raw`(?<![\p{L}\p{N}])`;
const E = String.raw`(?![\p{L}])`;

function words(list: string): RegExp {
  return new RegExp(`${B}(?:${list})${E}`, "giu");
}

// biome-ignore format: compact lookup table
const LABELS: ReadonlyArray<readonly [LabelReading, RegExp]> = [
  ["fax", words(String.raw`fax|telefax|t[ée]l[ée]copie(?:ur)?|facs[ií]mil|fac-?simile|ファックス|ファクス|传真|傳真|팩스`)],
  ["gift-card", words(String.raw`gift[ -]?cards?|gift vouchers?|gutschein\p{L}*|cartes? cadeaux?|tarjetas? regalo|buono regalo|buoni regalo|cadeaubon\p{L}*|vale[- ]presente`)],
  ["third-party", words(String.raw`opentable|resy|thefork|the fork|lafourchette|quandoo|bookatable|sevenrooms|uber ?eats|lieferando|deliveroo|just ?eat|doordash|grubhub|wolt|glovo|foodora|postmates|seamless|delivery|lieferservice|livraison|a domicilio|web ?design\p{L}*|site by|website by|designed by|powered by|hosting|werbeagentur|agentur|agency|notruf\p{L}*|notdienst\p{L}*|notf[äa]ll\p{L}*|emergency|polizei|police|poison control|bereitschaftsdienst`)],
  ["head-office", words(String.raw`head ?office|headquarters|corporate office|hauptsitz|firmenzentrale|zentrale|si[eè]ge social|sede central|sede legale|hoofdkantoor`)],
  ["not-a-phone", words(String.raw`iban|bic|swift|ust-?id(?:nr)?\.?|ust\.?-?idnr|steuer-?nr\.?|steuernummer|hrb|hra|handelsregister|vat|tva|siret|siren|rcs|cif|nif|p\.? ?iva|partita iva|kvk|btw|abn|acn|ein|registration no|company no|order no|bestellnr`)],
  ["reservations", words(String.raw`reservations?|reserve|reservierung(?:en)?|tischreservierung|r[ée]servations?|r[ée]server|reservas?|prenotazion[ei]|prenota|reserveringen|reserveren|booking|bookings|予約`)],
  ["whatsapp", words("whatsapp")],
  ["mobile", words(String.raw`mobile|mobil|mobiel|handy|cell|cellphone|portable|m[óo]vil|cellulare|gsm|celular|telem[óo]vel`)],
  ["phone", words(String.raw`tel|t[ée]l|tel\.|tfn|tlf|telf|phone|telephone|t[ée]l[ée]phone|telefon|tel[ée]fono|telefoon|fon|call us|call|ring us|anrufen|rufen sie|appelez|llámanos|llamar|chiamaci|chiama|bel ons|bellen|ligue|電話|电话|전화|℡|☎|📞`)],
];

const SET_ASIDE: ReadonlySet<LabelReading> = new Set([
  "fax",
  "gift-card",
  "third-party",
  "head-office",
  "not-a-phone",
]);

/**
 * The label of a number from the text before it (since the previous number: the caller cuts it)
 * and, for "(Fax)"-style suffixes, after it. A set-aside word anywhere in that text wins over a
 * plain phone word ("Gift cards: call 555-0199" is the gift-card line); otherwise the last label
 * word wins.
 */
export function phoneLabel(before: string, after = ""): LabelReading | null {
  if (/^\s*[([]?\s*(fax|telefax)\b/i.test(after)) return "fax";
  let best: LabelReading | null = null;
  let bestEnd = -1;
  let aside: LabelReading | null = null;
  let asideEnd = -1;
  for (const [label, re] of LABELS) {
    re.lastIndex = 0;
    for (let m = re.exec(before); m; m = re.exec(before)) {
      const end = m.index + m[0].length;
      if (SET_ASIDE.has(label) && end > asideEnd) {
        asideEnd = end;
        aside = label;
      }
      if (end > bestEnd) {
        bestEnd = end;
        best = label;
      }
    }
  }
  return aside ?? best;
}

/** Labels whose numbers the business does not answer as its own line. */
export function isSetAside(label: PhoneLabel): boolean {
  return label === "fax" || label === "gift-card" || label === "third-party" || label === "head-office";
}
