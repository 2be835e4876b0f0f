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
  for (const [name, w] of Object.entries(m.contactWeights ?? {}))
    z += w * x[(FEATURE_NAMES as readonly string[]).indexOf(name)]!;
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

  it("adds each contact weight's log-odds after the trees, and refuses a feature it does not know", () => {
    const leaf: Tree = { f: [-1], t: [0], l: [-1], r: [-1], v: [0.5] };
    const part = {
      type: "trees" as const,
      bias: -1,
      trees: [leaf],
      threshold: 0.5,
      contactWeights: { phone_equal: 3, phone_different: -1.5 },
    };
    const model = matchModelFrom({
      features: [...FEATURE_NAMES],
      models: { near: part, name: part },
      training: {},
    });
    const x = FEATURE_NAMES.map(() => 0);
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    expect(model.probability(x, "near")).toBeCloseTo(sigmoid(-0.5), 12);
    x[FEATURE_NAMES.indexOf("phone_equal")] = 1;
    expect(model.probability(x, "near")).toBeCloseTo(sigmoid(2.5), 12);
    x[FEATURE_NAMES.indexOf("phone_equal")] = 0;
    x[FEATURE_NAMES.indexOf("phone_different")] = 1;
    expect(model.probability(x, "name")).toBeCloseTo(sigmoid(-2), 12);
    const unknown = { ...part, contactWeights: { fax_equal: 1 } };
    expect(() =>
      matchModelFrom({ features: [...FEATURE_NAMES], models: { near: unknown, name: part }, training: {} }),
    ).toThrow(/fax_equal/);
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
