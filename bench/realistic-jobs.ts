/**
 * Synthetic but realistic jobs for benchmarks: the field mix and string lengths of real store lists
 * (name, full address, coordinates, phone, website, category). Deterministic: no randomness.
 */
const STREETS = [
  "Main St",
  "Broadway",
  "Market Street",
  "Oak Avenue",
  "Elm Rd",
  "King Street West",
  "Rue de Rivoli",
];
const CITIES = [
  ["New York", "NY", "10001", 40.7128, -74.006],
  ["Chicago", "IL", "60601", 41.8781, -87.6298],
  ["Austin", "TX", "73301", 30.2672, -97.7431],
  ["Seattle", "WA", "98101", 47.6062, -122.3321],
  ["Denver", "CO", "80202", 39.7392, -104.9903],
] as const;
const NAMES = [
  "Downtown Store",
  "Corner Cafe",
  "Starbucks",
  "Joe's Pizza",
  "City Pharmacy",
  "Main Street Bakery",
];
const CATEGORIES = ["coffee_shop", "pharmacy", "pizza_restaurant", "bakery", "grocery_store"];

export function realisticJobs(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const [city, state, zip, lat, lng] = CITIES[i % CITIES.length]!;
    const name = NAMES[i % NAMES.length]!;
    return {
      place_id: `store_${String(i).padStart(6, "0")}`,
      inputs: {
        name: `${name} #${i}`,
        full_address: `${100 + (i % 9000)} ${STREETS[i % STREETS.length]}, ${city}, ${state} ${zip}, US`,
        latitude: lat + (i % 1000) / 100_000,
        longitude: lng - (i % 1000) / 100_000,
        phone: `+1 212 555 ${String(i % 10_000).padStart(4, "0")}`,
        website: `https://www.example-${i % 500}.com/stores/${i}?utm_source=list`,
        category: CATEGORIES[i % CATEGORIES.length],
      },
    };
  });
}
