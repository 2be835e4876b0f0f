import { describe, expect, it } from "vitest";
import { bearerTokenMatches } from "./metrics-token.js";

describe("bearerTokenMatches", () => {
  it("accepts the token under any casing of the scheme, nothing else", () => {
    expect(bearerTokenMatches("Bearer s3cret", "s3cret")).toBe(true);
    expect(bearerTokenMatches("bearer  s3cret ", "s3cret")).toBe(true);
    expect(bearerTokenMatches("BEARER s3cret", "s3cret")).toBe(true);
    for (const header of [
      undefined,
      "",
      "Bearer",
      "Bearer ",
      "Basic s3cret",
      "Bearer s3cre",
      "Bearer s3cret2",
      "s3cret",
    ]) {
      expect(bearerTokenMatches(header, "s3cret"), String(header)).toBe(false);
    }
  });
});
