/**
 * ISO 4217 currency of a country, for `price_tier.currency` when the place's country is known and
 * no currency was given. Covers the countries with most places; others stay null.
 */

// biome-ignore format: compact lookup table
const EURO = ["AT", "BE", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PT", "SI", "SK", "MC", "SM", "VA", "AD", "ME", "XK"];

// biome-ignore format: compact lookup table
const BY_COUNTRY: Readonly<Record<string, string>> = {
  ...Object.fromEntries(EURO.map((c) => [c, "EUR"])),
  US: "USD", PR: "USD", GU: "USD", VI: "USD", EC: "USD", SV: "USD", PA: "USD",
  GB: "GBP", CA: "CAD", AU: "AUD", NZ: "NZD", JP: "JPY", CN: "CNY", HK: "HKD", TW: "TWD", KR: "KRW",
  SG: "SGD", MY: "MYR", TH: "THB", VN: "VND", PH: "PHP", ID: "IDR", IN: "INR", PK: "PKR", BD: "BDT",
  LK: "LKR", AE: "AED", SA: "SAR", QA: "QAR", KW: "KWD", BH: "BHD", OM: "OMR", IL: "ILS", TR: "TRY",
  EG: "EGP", MA: "MAD", ZA: "ZAR", NG: "NGN", KE: "KES", GH: "GHS", CH: "CHF", LI: "CHF", NO: "NOK",
  SE: "SEK", DK: "DKK", IS: "ISK", PL: "PLN", CZ: "CZK", HU: "HUF", RO: "RON", BG: "BGN", RS: "RSD",
  UA: "UAH", RU: "RUB", MX: "MXN", BR: "BRL", AR: "ARS", CL: "CLP", CO: "COP", PE: "PEN", UY: "UYU",
  CR: "CRC", DO: "DOP", GT: "GTQ", JM: "JMD",
};

export function currencyOfCountry(country: string | null): string | null {
  return country ? (BY_COUNTRY[country] ?? null) : null;
}

let known: ReadonlySet<string> | null = null;

/** A 3-letter code the runtime knows as a currency ("usd" → "USD"), else null. */
export function normalizeCurrency(raw: unknown): string | null {
  if (typeof raw !== "string" || !/^\s*[A-Za-z]{3}\s*$/.test(raw)) return null;
  known ??= new Set(Intl.supportedValuesOf("currency"));
  const code = raw.trim().toUpperCase();
  return known.has(code) ? code : null;
}
