/**
 * pelias-parser (CommonJS) wrapper. Constructing its AddressParser loads dictionaries and takes
 * about a second, so it is built once per process, lazily, on the first parse.
 * API (from its server/routes/parse.js): `t = new Tokenizer(text); parser.classify(t);
 * parser.solve(t)`; `t.solution` is sorted best first, each `{score, pair: [{classification:
 * {label}, span: {body, start, end}}]}`.
 */
import { createRequire } from "node:module";

interface PeliasSpan {
  body: string;
  start: number;
  end: number;
}
interface PeliasSolution {
  score: number;
  pair: Array<{ classification: { label: string }; span: PeliasSpan }>;
}
interface PeliasTokenizer {
  solution: PeliasSolution[];
}
interface PeliasParser {
  classify(t: PeliasTokenizer): number;
  solve(t: PeliasTokenizer): number;
}

export interface PeliasLabel {
  label: string;
  value: string;
  start: number;
  end: number;
}

export interface PeliasResult {
  score: number;
  labels: PeliasLabel[];
}

let parser: PeliasParser | null = null;
let Tokenizer: (new (text: string) => PeliasTokenizer) | null = null;
let loadMs: number | null = null;

/** Builds the parser now (idempotent); returns the construction time in ms. */
export function loadPeliasParser(): number {
  if (parser && loadMs !== null) return loadMs;
  const start = performance.now();
  const require = createRequire(import.meta.url);
  const AddressParser = require("pelias-parser/parser/AddressParser") as new () => PeliasParser;
  Tokenizer = require("pelias-parser/tokenization/Tokenizer") as new (text: string) => PeliasTokenizer;
  parser = new AddressParser();
  loadMs = performance.now() - start;
  return loadMs;
}

export function isPeliasLoaded(): boolean {
  return parser !== null;
}

/** Best solution's labelled spans (offsets into `text`), or null when pelias found nothing. */
export function peliasParse(text: string): PeliasResult | null {
  loadPeliasParser();
  const t = new Tokenizer!(text);
  parser!.classify(t);
  parser!.solve(t);
  const best = t.solution[0];
  if (!best || best.pair.length === 0) return null;
  return {
    score: best.score,
    labels: best.pair.map((p) => ({
      label: p.classification.label,
      value: p.span.body,
      start: p.span.start,
      end: p.span.end,
    })),
  };
}
