import { describe, expect, it } from "vitest";
import { extraSubPlaceWords, sameSubPlaceWords } from "./sub-places.js";

describe("extraSubPlaceWords", () => {
  it("counts sub-place words one name has and the other lacks", () => {
    const school = ["henderson", "secondary", "school"];
    const hall = ["henderson", "secondary", "school", "hall"];
    expect(extraSubPlaceWords(hall, school)).toBe(1);
    expect(extraSubPlaceWords(school, hall)).toBe(0);
    expect(extraSubPlaceWords(["teresa", "ville", "carpark", "lobby"], ["teresa", "ville"])).toBe(2);
  });

  it("ignores words both names have, and other words", () => {
    expect(extraSubPlaceWords(["city", "hall"], ["city", "hall", "station"])).toBe(0);
    expect(extraSubPlaceWords(["joes", "cafe"], ["joes"])).toBe(0);
  });
});

describe("sameSubPlaceWords", () => {
  it("is true for the same place written alike or with other words", () => {
    expect(sameSubPlaceWords("common man coffee roasters", "common man coffee roasters")).toBe(true);
    expect(sameSubPlaceWords("parkway east hospital", "parkway east hospital singapore")).toBe(true);
    expect(sameSubPlaceWords("city hall station", "city hall mrt station")).toBe(true);
  });

  it("is false when either name has a sub-place word the other lacks, on either side", () => {
    expect(sameSubPlaceWords("common man coffee roasters", "common man coffee roasters carpark")).toBe(false);
    expect(sameSubPlaceWords("parkway east hospital ward 3a", "parkway east hospital")).toBe(false);
    expect(sameSubPlaceWords("dunman high school hall", "dunman high school canteen")).toBe(false);
  });
});
