/** The address object of API.md §2.4: every key always present, null when unknown. */

export const ADDRESS_KEYS = [
  "full_address",
  "unit_number",
  "floor",
  "building",
  "block",
  "km",
  "house",
  "street",
  "neighborhood",
  "suburb",
  "city",
  "state",
  "country",
  "postalCode",
] as const;

export type AddressKey = (typeof ADDRESS_KEYS)[number];
export type AddressObject = Record<AddressKey, string | null>;
export type AddressParts = Partial<Record<AddressKey, string>>;

export function emptyAddress(): AddressObject {
  return Object.fromEntries(ADDRESS_KEYS.map((k) => [k, null])) as AddressObject;
}

/**
 * Street-type words (several languages and scripts), to tell a street line from a place or city
 * name: English, German, Dutch, French, Italian, Spanish, Portuguese, Nordic, Polish, plus Arabic
 * (شارع street, طريق road, جادة avenue), Persian (خیابان, کوچه), Hebrew (רחוב, שדרות, דרך),
 * Russian/Ukrainian (улица/ул., проспект, переулок, шоссе, бульвар, вулиця), Greek (οδός, λεωφόρος)
 * and Turkish (cadde(si), sokak/sokağı, bulvarı).
 */
export const STREET_WORD =
  /(?:^|[\s.])(st|street|ave|av|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|ter|terrace|pkwy|parkway|hwy|highway|cir|circle|sq|square|trl|trail|row|close|crescent|cres|grove|gardens|walk|route|rte|pike|loop|alley|plaza|expy|expressway|fwy|freeway|broadway|mews|parade|esplanade|quay|wharf|straße|strasse|str|weg|gasse|platz|allee|ring|damm|laan|straat|gracht|plein|kade|singel|dijk|rue|chemin|allée|quai|impasse|bd|cours|via|viale|piazza|corso|vicolo|largo|strada|calle|c\/|avenida|avda|carrera|paseo|camino|carretera|rua|travessa|praça|estrada|alameda|rodovia|ulica|ul|aleja|gatan|gata|vägen|vej|gade|veien|شارع|طريق|جادة|خیابان|کوچه|רחוב|שדרות|דרך|улица|ул|проспект|пр-т|переулок|пер|шоссе|бульвар|вулиця|вул|οδός|οδ|λεωφόρος|λεωφ|cadde|caddesi|cad|sokak|sokağı|sk|bulvarı|blv)\.?(?=$|[\s,])/iu;
