/**
 * Which column of a places file is which field of a job: the API's own names, common spellings of
 * them (a header is normalized: lower case, spaces, dots and dashes as `_`) and the user's
 * `--map column=field`. A file without a `place_id` column takes an `id` column as the place id,
 * and without either numbers its rows.
 */
import { lookupTable } from "../../lookup-table.js";

/** Inputs of a place the API names (API.md §2.1). */
export const PLACE_INPUT_FIELDS = [
  "name",
  "full_address",
  "latitude",
  "longitude",
  "country_code",
  "category",
  "categories",
  "type",
  "types",
  "website",
  "phone",
  "id",
  "wkt_geometry",
  "street",
  "house",
  "city",
  "state",
  "postalCode",
  "country",
  "unit_number",
  "suburb",
  "neighborhood",
  "opening_hours",
  "source",
] as const;

/** Common spellings: normalized header → field. */
const SPELLINGS: Readonly<Record<string, string>> = {
  place_id: "place_id",
  placeid: "place_id",
  place_name: "name",
  business_name: "name",
  store_name: "name",
  address: "full_address",
  fulladdress: "full_address",
  formatted_address: "full_address",
  lat: "latitude",
  lon: "longitude",
  lng: "longitude",
  long: "longitude",
  countrycode: "country_code",
  country_iso: "country_code",
  iso_country: "country_code",
  phone_number: "phone",
  phonenumber: "phone",
  telephone: "phone",
  tel: "phone",
  url: "website",
  website_url: "website",
  homepage: "website",
  web: "website",
  main_category: "category",
  primary_category: "category",
  street_address: "street",
  address1: "street",
  address_line_1: "street",
  house_number: "house",
  housenumber: "house",
  street_number: "house",
  town: "city",
  locality: "city",
  region: "state",
  province: "state",
  postal_code: "postalCode",
  postcode: "postalCode",
  zip: "postalCode",
  zipcode: "postalCode",
  zip_code: "postalCode",
  unit: "unit_number",
  suite: "unit_number",
  neighbourhood: "neighborhood",
  hours: "opening_hours",
  openinghours: "opening_hours",
  wkt: "wkt_geometry",
};

/** Normalized header → field: the spellings, and each field's own name (normalized) to itself. */
const ALIASES = lookupTable<string>({
  ...SPELLINGS,
  ...Object.fromEntries(PLACE_INPUT_FIELDS.map((field) => [normalizeHeader(field), field])),
});

export function normalizeHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s.\-/]+/g, "_");
}

export class MappingError extends Error {
  override name = "MappingError";
}

/**
 * `--map column=field` options as column → field. The field is `place_id`, an input of the API, or
 * any other name (kept and echoed by the server); an empty field (`--map notes=`) ignores the column.
 */
export function parseMapOptions(values: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const value of values) {
    const at = value.lastIndexOf("=");
    if (at <= 0) throw new MappingError(`--map "${value}": expected column=field`);
    map.set(value.slice(0, at).trim(), value.slice(at + 1).trim());
  }
  return map;
}

export class ColumnMapping {
  private readonly cache = new Map<string, string | null>();
  /** Columns of the file that no field took. */
  readonly ignored = new Set<string>();

  constructor(private readonly overrides: ReadonlyMap<string, string>) {}

  /** The field of a column, or null when the column is not sent. */
  fieldOf(column: string): string | null {
    let field = this.cache.get(column);
    if (field === undefined) {
      const given = this.overrides.get(column);
      field = given !== undefined ? given || null : (ALIASES[normalizeHeader(column)] ?? null);
      this.cache.set(column, field);
    }
    if (field === null) this.ignored.add(column);
    return field;
  }

  /**
   * The column holding the place id among `columns`: the one mapped to place_id, else one mapped
   * to `id`; null when neither (rows are then numbered).
   */
  placeIdColumn(columns: readonly string[]): string | null {
    return (
      columns.find((c) => this.fieldOf(c) === "place_id") ??
      columns.find((c) => this.fieldOf(c) === "id" && !this.overrides.has(c)) ??
      null
    );
  }
}
