import { describe, expect, it } from "vitest";
import {
  categoriesFromOsmTags,
  cuisineOfCategory,
  mapCategoryHint,
  sortMostSpecific,
} from "./category-mapper.js";
import { CATEGORY_SYNONYMS } from "./category-synonyms.js";
import { OSM_CUISINE_CATEGORIES, OSM_TAG_CATEGORIES } from "./osm-to-overture.js";
import { loadTaxonomy } from "./overture-taxonomy.js";

describe("Overture taxonomy resource", () => {
  it("ships the codes with their hierarchy", () => {
    const t = loadTaxonomy();
    expect(t.size).toBe(2117);
    expect(t.ancestors("coffee_shop")).toEqual(["eat_and_drink", "cafe"]);
    expect(t.fromNewCode("movie_theater")).toBe("cinema");
  });

  it("maps every table entry to a code that exists", () => {
    const t = loadTaxonomy();
    const targets = [
      ...Object.values(OSM_TAG_CATEGORIES),
      ...Object.values(OSM_CUISINE_CATEGORIES),
      ...Object.values(CATEGORY_SYNONYMS),
    ];
    expect(targets.filter((c) => !t.has(c))).toEqual([]);
  });
});

describe("mapCategoryHint", () => {
  it("maps codes, labels and synonyms", () => {
    expect(mapCategoryHint("coffee_shop")).toEqual({ code: "coffee_shop", how: "code" });
    expect(mapCategoryHint("Coffee Shop")).toEqual({ code: "coffee_shop", how: "label" });
    expect(mapCategoryHint("coffee shop")).toEqual({ code: "coffee_shop", how: "label" });
    expect(mapCategoryHint("Bed & Breakfast")).toEqual({ code: "bed_and_breakfast", how: "label" });
    expect(mapCategoryHint("petrol station")).toEqual({ code: "gas_station", how: "synonym" });
    expect(mapCategoryHint("Restaurants")).toEqual({ code: "restaurant", how: "label" });
    expect(mapCategoryHint("amenity=pharmacy")).toEqual({ code: "pharmacy", how: "osm tag" });
    expect(mapCategoryHint("movie_theater")).toEqual({ code: "cinema", how: "synonym" });
    expect(mapCategoryHint("sporting_goods_store")).toEqual({
      code: "sporting_goods",
      how: "new-taxonomy code",
    });
    // A synonym chosen on purpose wins over the new taxonomy's own mapping.
    expect(mapCategoryHint("place_of_worship")).toEqual({ code: "religious_organization", how: "synonym" });
  });

  it("maps Overture's own basic_category labels: exact ones, and the closest code of broad ones", () => {
    expect(mapCategoryHint("pizzaria")).toEqual({ code: "pizza_restaurant", how: "basic category" });
    expect(mapCategoryHint("casual_eatery")).toEqual({
      code: "restaurant",
      how: "closest to basic category",
      approximate: true,
    });
    expect(mapCategoryHint("Casual Eatery")?.code).toBe("restaurant");
    expect(mapCategoryHint("bar_and_grill")?.code).toBe("bar_and_grill_restaurant");
    const t = loadTaxonomy();
    // Every basic label maps to a code of the vocabulary.
    const labels = [...t.vocabulary()].filter((k) => t.fromBasicCategory(k));
    expect(labels.length).toBeGreaterThan(200);
    expect(labels.filter((k) => !t.has(t.fromBasicCategory(k)!.code))).toEqual([]);
  });

  it("maps compound forms: hierarchy paths, lists, word order", () => {
    expect(mapCategoryHint("Restaurants > Pizza")?.code).toBe("pizza_restaurant");
    expect(mapCategoryHint("food_and_drink > casual_eatery")?.code).toBe("restaurant");
    expect(mapCategoryHint("Shopping/Bakery")?.code).toBe("bakery");
    expect(mapCategoryHint("cafe; bakery")).toEqual({ code: "cafe", how: "part of a compound hint" });
    expect(mapCategoryHint("Italian Restaurant & Pizzeria")?.code).toBe("italian_restaurant");
    expect(mapCategoryHint("restaurant_pizza")?.code).toBe("pizza_restaurant");
    expect(mapCategoryHint("restaurant_italian")?.code).toBe("italian_restaurant");
    expect(mapCategoryHint("Bed & Breakfast")?.code).toBe("bed_and_breakfast");
  });

  it("corrects common misspellings when exactly one code is that close", () => {
    expect(mapCategoryHint("resturant")).toEqual({ code: "restaurant", how: "spelling corrected" });
    expect(mapCategoryHint("restaraunt")?.code).toBe("restaurant");
    expect(mapCategoryHint("chinese_resturant")?.code).toBe("chinese_restaurant");
    expect(mapCategoryHint("coffe shop")?.code).toBe("coffee_shop");
    expect(mapCategoryHint("pharmacie")?.code).toBe("pharmacy");
    expect(mapCategoryHint("supermarkt")?.code).toBe("supermarket");
    expect(mapCategoryHint("hair saloon")?.code).toBe("hair_salon");
    expect(mapCategoryHint("bakry")?.code).toBe("bakery");
    // Too short, or as close to two codes: nothing.
    expect(mapCategoryHint("hotl")).toBeNull();
    expect(mapCategoryHint("flux capacitor repair")).toBeNull();
  });

  it("maps nothing for generic or unknown hints", () => {
    expect(mapCategoryHint("point_of_interest")).toBeNull();
    expect(mapCategoryHint("establishment")).toBeNull();
    expect(mapCategoryHint("flux capacitor repair")).toBeNull();
  });
});

describe("OSM tags", () => {
  it("maps brand tags, most specific first", () => {
    expect(categoriesFromOsmTags({ amenity: "cafe", cuisine: "coffee_shop" })).toEqual([
      "coffee_shop",
      "cafe",
    ]);
    expect(categoriesFromOsmTags({ amenity: "fast_food", cuisine: "pizza" })).toEqual([
      "pizza_restaurant",
      "fast_food_restaurant",
    ]);
    expect(categoriesFromOsmTags({ shop: "department_store" })).toEqual(["department_store"]);
    expect(categoriesFromOsmTags({ shop: "no_such_thing" })).toEqual([]);
  });

  it("sorts by depth and derives cuisines from restaurant types", () => {
    expect(sortMostSpecific(["eat_and_drink", "restaurant", "pizza_restaurant"])).toEqual([
      "pizza_restaurant",
      "restaurant",
      "eat_and_drink",
    ]);
    expect(cuisineOfCategory("italian_restaurant")).toBe("italian");
    expect(cuisineOfCategory("pizza_restaurant")).toBe("pizza");
    expect(cuisineOfCategory("hardware_store")).toBeNull();
  });
});

describe("issue 7 instances tried from outside: spellings, compounds, Overture's own labels", () => {
  it.each([
    ["resturant", "restaurant"],
    ["restaraunt", "restaurant"],
    ["cofee shop", "coffee_shop"],
    ["coffe shop", "coffee_shop"],
    ["coffee-shop", "coffee_shop"],
    ["coffeeshop", "coffee_shop"],
    ["fast food", "fast_food_restaurant"],
    ["Fast-Food", "fast_food_restaurant"],
    ["Café", "cafe"],
    ["super market", "supermarket"],
    ["ice-cream shop", "ice_cream_shop"],
    ["Steak House", "steakhouse"],
    ["mexican_resturant", "mexican_restaurant"],
    ["Restaurants", "restaurant"],
    ["barber_shop", "barber"],
    ["sport_stadium", "stadium_arena"],
    ["bar_and_grill", "bar_and_grill_restaurant"],
    ["fueling_station", "gas_station"],
  ])("%s → %s", (hint, code) => {
    expect(mapCategoryHint(hint)?.code).toBe(code);
  });

  it.each([
    ["convenience", "convenience_store"],
    ["chinese", "chinese_restaurant"],
    ["hardware", "hardware_store"],
    ["gift", "gift_shop"],
    ["chinese food", "chinese_restaurant"],
    ["thai food", "thai_restaurant"],
    ["pizza place", "pizza_restaurant"],
    ["sushi place", "sushi_restaurant"],
    ["burger joint", "burger_restaurant"],
    ["dentist office", "dentist"],
    ["fast food place", "fast_food_restaurant"],
  ])("the head noun left out or an everyday one: %s → %s", (hint, code) => {
    expect(mapCategoryHint(hint)?.code).toBe(code);
  });

  it("no head noun is guessed where several fit, and a filler word alone says nothing", () => {
    // health_food_store and health_food_restaurant both exist.
    expect(mapCategoryHint("health food")).toBeNull();
    expect(mapCategoryHint("place")).toBeNull();
    expect(mapCategoryHint("office")).toBeNull();
  });
});

const PROTOTYPE_WORDS = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

describe("category hints and OSM tags that name Object.prototype members", () => {
  it("are no synonyms", () => {
    for (const w of PROTOTYPE_WORDS) {
      const match = mapCategoryHint(w);
      expect(match?.how).not.toBe("synonym");
      expect(typeof (match?.code ?? "")).toBe("string");
    }
  });
  it("an OSM cuisine or tag value of such a word maps like an unknown one", () => {
    const unknown = categoriesFromOsmTags({ amenity: "restaurant", cuisine: "zzqx" });
    expect(unknown).toEqual(["restaurant"]);
    for (const w of PROTOTYPE_WORDS) {
      expect(categoriesFromOsmTags({ amenity: "restaurant", cuisine: w })).toEqual(unknown);
      expect(categoriesFromOsmTags({ amenity: w })).toEqual([]);
      expect(mapCategoryHint(`amenity=${w}`)).toBeNull();
    }
  });
});
