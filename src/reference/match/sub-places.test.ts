import { describe, expect, it } from "vitest";
import { extraSubPlaceWords } from "./sub-places.js";

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
