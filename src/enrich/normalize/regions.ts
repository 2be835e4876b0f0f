/**
 * First-level regions the address parser recognizes by code or name (US states, Canadian provinces,
 * Australian states and territories). Codes are the postal abbreviations used in addresses.
 */

// biome-ignore format: compact lookup table
export const US_STATES: Readonly<Record<string, string>> = {
  AL: "Alabama", AK: "Alaska", AZ: "Arizona", AR: "Arkansas", CA: "California", CO: "Colorado",
  CT: "Connecticut", DE: "Delaware", DC: "District of Columbia", FL: "Florida", GA: "Georgia",
  HI: "Hawaii", ID: "Idaho", IL: "Illinois", IN: "Indiana", IA: "Iowa", KS: "Kansas", KY: "Kentucky",
  LA: "Louisiana", ME: "Maine", MD: "Maryland", MA: "Massachusetts", MI: "Michigan", MN: "Minnesota",
  MS: "Mississippi", MO: "Missouri", MT: "Montana", NE: "Nebraska", NV: "Nevada", NH: "New Hampshire",
  NJ: "New Jersey", NM: "New Mexico", NY: "New York", NC: "North Carolina", ND: "North Dakota",
  OH: "Ohio", OK: "Oklahoma", OR: "Oregon", PA: "Pennsylvania", RI: "Rhode Island",
  SC: "South Carolina", SD: "South Dakota", TN: "Tennessee", TX: "Texas", UT: "Utah", VT: "Vermont",
  VA: "Virginia", WA: "Washington", WV: "West Virginia", WI: "Wisconsin", WY: "Wyoming",
  PR: "Puerto Rico", GU: "Guam", VI: "Virgin Islands", AS: "American Samoa", MP: "Northern Mariana Islands",
};

/** US territories with a USPS state code that are countries of their own in ISO 3166-1. */
export const US_TERRITORIES: ReadonlySet<string> = new Set(["PR", "GU", "VI", "AS", "MP"]);

// biome-ignore format: compact lookup table
export const CA_PROVINCES: Readonly<Record<string, string>> = {
  AB: "Alberta", BC: "British Columbia", MB: "Manitoba", NB: "New Brunswick",
  NL: "Newfoundland and Labrador", NS: "Nova Scotia", NT: "Northwest Territories", NU: "Nunavut",
  ON: "Ontario", PE: "Prince Edward Island", QC: "Quebec", SK: "Saskatchewan", YT: "Yukon",
};

// biome-ignore format: compact lookup table
export const AU_STATES: Readonly<Record<string, string>> = {
  NSW: "New South Wales", VIC: "Victoria", QLD: "Queensland", WA: "Western Australia",
  SA: "South Australia", TAS: "Tasmania", ACT: "Australian Capital Territory", NT: "Northern Territory",
};

/**
 * Brazil's 27 federative units as Correios writes them after the city ("São Paulo - SP"). Kept out
 * of the lookup below: most codes are also US state codes (PA, AL, MA, SC, ...), so they are read
 * only in Brazilian addresses.
 */
// biome-ignore format: compact lookup table
export const BR_STATES: ReadonlySet<string> = new Set([
  "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA", "PB", "PR", "PE", "PI",
  "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
]);

export type RegionCountry = "US" | "CA" | "AU";

const TABLES: ReadonlyArray<readonly [RegionCountry, Readonly<Record<string, string>>]> = [
  ["US", US_STATES],
  ["CA", CA_PROVINCES],
  ["AU", AU_STATES],
];

const BY_NAME = new Map<string, Array<{ country: RegionCountry; code: string }>>();
for (const [country, table] of TABLES) {
  for (const [code, name] of Object.entries(table)) {
    for (const key of [code.toLowerCase(), name.toLowerCase()]) {
      const list = BY_NAME.get(key) ?? [];
      list.push({ country, code });
      BY_NAME.set(key, list);
    }
  }
}

/** Regions a code or name may denote ("WA" → US Washington and AU Western Australia). */
export function lookupRegion(text: string): ReadonlyArray<{ country: RegionCountry; code: string }> {
  return BY_NAME.get(text.toLowerCase().replace(/\./g, "").trim()) ?? [];
}

/** The region of a country by code or name, as its postal code ("New South Wales" → "NSW"). */
export function regionIn(country: string | null, text: string): string | null {
  const hits = lookupRegion(text);
  if (hits.length === 0) return null;
  const hit = country ? hits.find((h) => h.country === country) : hits[0];
  return hit ? hit.code : null;
}
