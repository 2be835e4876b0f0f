import { describe, expect, it } from "vitest";
import { FEATURE_NAMES } from "./features.js";
import { loadMatchModel, type MatchModelFile, matchModelFrom, type Tree } from "./match-model.js";

/** The tree walk on the file's own arrays: what the flattened evaluation must reproduce. */
function reference(file: MatchModelFile, x: number[], kind: "near" | "name"): number {
  const m = file.models[kind];
  if (m.type !== "trees") throw new Error("trees expected");
  let z = m.bias;
  for (const t of m.trees as Tree[]) {
    let n = 0;
    while (t.f[n]! >= 0) n = x[t.f[n]!]! <= t.t[n]! ? t.l[n]! : t.r[n]!;
    z += t.v[n]!;
  }
  return 1 / (1 + Math.exp(-z));
}

describe("match model trees", () => {
  it("walks two small trees to the right leaves", () => {
    const leaf = (v: number): Tree => ({ f: [-1], t: [0], l: [-1], r: [-1], v: [v] });
    const split: Tree = { f: [1, -1, -1], t: [0.5, 0, 0], l: [1, -1, -1], r: [2, -1, -1], v: [0, -2, 3] };
    const part = { type: "trees" as const, bias: 0.25, trees: [split, leaf(0.5)], threshold: 0.5 };
    const model = matchModelFrom({
      features: [...FEATURE_NAMES],
      models: { near: part, name: part },
      training: {},
    });
    const x = FEATURE_NAMES.map(() => 0);
    expect(model.probability(x, "near")).toBeCloseTo(1 / (1 + Math.exp(-(0.25 - 2 + 0.5))), 12);
    x[1] = 0.9;
    expect(model.probability(x, "name")).toBeCloseTo(1 / (1 + Math.exp(-(0.25 + 3 + 0.5))), 12);
  });

  it("gives the shipped model's exact probabilities", () => {
    const model = loadMatchModel();
    let seed = 11;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 500; i++) {
      const x = FEATURE_NAMES.map(() => (next() < 0.3 ? Math.round(next()) : next() * 3 - 1));
      for (const kind of ["near", "name"] as const) {
        expect(model.probability(x, kind)).toBe(reference(model.file, x, kind));
      }
    }
  });
});
