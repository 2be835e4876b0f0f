import { describe, expect, it } from "vitest";
import {
  ATTRIBUTE_KEYS,
  ATTRIBUTES,
  attributesToMask,
  CORE_ATTRIBUTES,
  enrichableAttributes,
  isPublicAttributeKey,
  PUBLIC_ATTRIBUTE_KEYS,
  resolveRequestedAttributes,
  UNSUPPORTED_ATTRIBUTE_KEYS,
} from "./attributes.js";

describe("resolveRequestedAttributes (API.md §2.2)", () => {
  it("neither attributes nor a set means core", () => {
    expect(resolveRequestedAttributes(undefined, undefined)).toEqual(CORE_ATTRIBUTES);
    expect(resolveRequestedAttributes([], undefined)).toEqual(CORE_ATTRIBUTES);
  });
  it("merges attributes and a set, in catalogue order, without duplicates", () => {
    expect(resolveRequestedAttributes(["cuisine", "closed_permanently"], "open_closed")).toEqual([
      "closed_permanently",
      "cuisine",
    ]);
  });
  it("keeps public keys this deployment cannot enrich, after ours, in the public order", () => {
    expect(resolveRequestedAttributes(["menu", "user_reviews", "websites"], undefined)).toEqual([
      "websites",
      "user_reviews",
      "menu",
    ]);
    expect(resolveRequestedAttributes(["menu"], "open_closed")).toEqual(["closed_permanently", "menu"]);
    expect(resolveRequestedAttributes(["not_an_attribute"], undefined)).toEqual([]);
  });
  it("core and all are the first seven attributes", () => {
    expect(resolveRequestedAttributes(undefined, "all")).toEqual(ATTRIBUTES.slice(0, 7).map((a) => a.key));
  });
});

describe("attribute bits", () => {
  it("are unique and stable", () => {
    const bits = ATTRIBUTES.map((a) => a.bit);
    expect(new Set(bits).size).toBe(bits.length);
    expect(attributesToMask(["websites", "phoneNumbers"])).toBe(0b110);
  });
});

describe("the public API's attribute keys (API.md §2.4, client compatibility)", () => {
  it("are the 44 keys the published client knows, each once, ours among them", () => {
    expect(PUBLIC_ATTRIBUTE_KEYS).toHaveLength(44);
    expect(new Set(PUBLIC_ATTRIBUTE_KEYS).size).toBe(44);
    for (const key of ATTRIBUTE_KEYS) expect(isPublicAttributeKey(key), key).toBe(true);
    const ourPublic = ATTRIBUTE_KEYS.filter((k) => (PUBLIC_ATTRIBUTE_KEYS as readonly string[]).includes(k));
    expect(ourPublic).toHaveLength(ATTRIBUTE_KEYS.length - 1); // reference_match is this service's own
    expect(UNSUPPORTED_ATTRIBUTE_KEYS).toHaveLength(44 - ourPublic.length);
    for (const key of [
      "menu",
      "naics",
      "place_existence",
      "placekey",
      "user_reviews",
      "tiktok",
      "merchant",
    ]) {
      expect(UNSUPPORTED_ATTRIBUTE_KEYS, key).toContain(key);
    }
    expect(isPublicAttributeKey("bogus")).toBe(false);
  });
  it("only ours reach the enricher and the fill-rate bitmask", () => {
    expect(enrichableAttributes(["menu", "websites", "naics", "chain"])).toEqual(["websites", "chain"]);
    expect(attributesToMask(["websites", "menu", "phoneNumbers"])).toBe(0b110);
  });
});
