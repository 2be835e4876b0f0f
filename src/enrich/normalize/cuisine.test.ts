import { describe, expect, it } from "vitest";
import { cuisineValue, foldCuisineLabel, osmCuisineKey } from "./cuisine.js";

describe("cuisine labels → OSM cuisine keys", () => {
  it("maps labels in many languages and scripts", () => {
    const cases: Array<[string, string]> = [
      ["Mexicana", "mexican"],
      ["Française", "french"],
      ["Italiana", "italian"],
      ["Mediterránea", "mediterranean"],
      ["Mariscos", "seafood"],
      ["Marisco", "seafood"],
      ["Österreichisch", "austrian"],
      ["Japonaise", "japanese"],
      ["Fruits de mer", "seafood"],
      ["Meeresfrüchte", "seafood"],
      ["Italiaans", "italian"],
      ["メキシコ料理", "mexican"],
      ["イタリア料理", "italian"],
      ["意大利菜", "italian"],
      ["일본 요리", "japanese"],
      ["Italian", "italian"],
      ["coffee_shop", "coffee_shop"],
      ["Steak House", "steak_house"],
    ];
    for (const [raw, key] of cases) expect(osmCuisineKey(raw), raw).toBe(key);
  });

  it("strips words that only say cuisine, and reads plural and gender endings", () => {
    const cases: Array<[string, string]> = [
      ["Cucina italiana", "italian"],
      ["Cocina mexicana", "mexican"],
      ["Mexikanische Küche", "mexican"],
      ["Thai food", "thai"],
      ["Mexicano", "mexican"],
      ["Japonés", "japanese"],
      ["Italienne", "italian"],
    ];
    for (const [raw, key] of cases) expect(osmCuisineKey(raw), raw).toBe(key);
  });

  it("keeps an unknown cuisine as lower-case snake_case", () => {
    expect(osmCuisineKey("Tacos")).toBeNull();
    expect(cuisineValue("Tacos")).toBe("tacos");
    expect(cuisineValue("Cucina tipica romana")).toBe("cucina_tipica_romana");
    expect(cuisineValue("Mexicana")).toBe("mexican");
    expect(cuisineValue("")).toBeNull();
  });

  it("folds case, accents and punctuation but not CJK voicing marks", () => {
    expect(foldCuisineLabel("Österreichisch")).toBe("osterreichisch");
    expect(foldCuisineLabel("Pastel / Torta")).toBe("pastel torta");
    expect(foldCuisineLabel("ガ")).toBe("ガ");
    expect(foldCuisineLabel("１２")).toBe("12");
  });
});
