/**
 * `npm run bench:enrich`: the enricher's speed, measured where wall-clock figures belong (they were
 * asserted in unit tests, where a busy shared machine made them flaky and a slow one made them
 * meaningless). Prints:
 *
 *   - building the address parser (pelias-parser), the first time, in ms;
 *   - ms per place once warm, all 13 attributes, for a realistic US place: the median and best of
 *     BENCH_ROUNDS rounds of BENCH_PLACES places (aim: under 1 ms per place).
 *
 * Runs in-process on one thread; nothing is written.
 */
import { ATTRIBUTE_KEYS } from "../src/domain/attributes.js";
import type { PlaceInputs } from "../src/domain/place.js";
import { createPlaceEnricher } from "../src/enrich/enricher.js";
import { loadPeliasParser } from "../src/enrich/normalize/address-pelias.js";

function intEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const ROUNDS = intEnv("BENCH_ROUNDS", 5);
const PLACES = intEnv("BENCH_PLACES", 500);

const inputs: PlaceInputs = {
  name: "Target Altoona",
  full_address: "3414 8th St SW, Altoona, IA 50009-1024, US",
  latitude: 41.6413708,
  longitude: -93.5043488,
  phone: "515-967-9343",
};

async function main(): Promise<void> {
  const parserMs = loadPeliasParser();
  const enricher = createPlaceEnricher();
  enricher.warmUp();
  for (let i = 0; i < 200; i++)
    await enricher.enrich(enricher.prepare("w", inputs), ATTRIBUTE_KEYS, { now: 0 });
  const perPlace: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < PLACES; i++) {
      await enricher.enrich(enricher.prepare(`p${i}`, inputs), ATTRIBUTE_KEYS, { now: 0 });
    }
    perPlace.push((performance.now() - start) / PLACES);
  }
  perPlace.sort((a, b) => a - b);
  const median = perPlace[Math.floor(perPlace.length / 2)]!;
  process.stdout.write(
    `address parser built in ${parserMs.toFixed(0)} ms\n` +
      `enrich, 13 attributes, warm: ${median.toFixed(3)} ms per place (median of ${ROUNDS} rounds of ${PLACES}; best ${perPlace[0]!.toFixed(3)}) — aim < 1 ms: ${median < 1 ? "met" : "MISSED"}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
