/**
 * Search queries for a place (issue 11: "built from name + city (+ street)"): the name with its
 * city first — the words a person types to find a business's site — then, when that found no
 * verified site, the name with its street and city (a chain's branch, a common name). Without a
 * city the postcode stands in; without either there is no query: a bare name finds namesakes
 * everywhere and would spend searches on sites that cannot be verified against a location.
 */

export interface QueryPlace {
  name: string;
  city: string | null;
  street: string | null;
  postalCode: string | null;
}

/** Quotes, search operators and repeated spaces out: the engine should read words, not syntax. */
function clean(text: string): string {
  return text
    .replace(/["“”„«»]/g, " ")
    .replace(/(^|\s)[-+](?=\S)/g, "$1")
    .replace(/\b(?:site|inurl|intitle|filetype):/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function words(text: string): Set<string> {
  return new Set(
    text
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
}

/** `text` without the words already in `name` ("Café Sonnenschein Bonn" + "Bonn" → ""). */
function beyond(name: string, text: string | null): string {
  if (!text) return "";
  const known = words(name);
  const extra = [...words(text)].filter((w) => !known.has(w));
  return extra.length === 0 ? "" : clean(text);
}

/**
 * Up to `max` distinct queries, most useful first; [] when the place has no name or no location.
 * Example: {name: "Marigold Table", city: "Portland", street: "2210 SE Division St"} →
 * ["Marigold Table Portland", "Marigold Table 2210 SE Division St Portland"].
 */
export function buildSearchQueries(place: QueryPlace, max: number): string[] {
  const name = clean(place.name);
  if (name.length === 0) return [];
  const where = place.city?.trim() || place.postalCode?.trim() || null;
  if (!where) return [];
  const city = beyond(name, where);
  const street = beyond(`${name} ${where}`, place.street);
  const queries = [[name, city].filter(Boolean).join(" ")];
  if (street.length > 0) queries.push([name, street, city].filter(Boolean).join(" "));
  return [...new Set(queries)].slice(0, max);
}
