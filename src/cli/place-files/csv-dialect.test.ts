import { describe, expect, it } from "vitest";
import { detectDelimiter } from "./csv-dialect.js";

describe("detectDelimiter", () => {
  it("takes the separator splitting the header most often, outside quotes", () => {
    expect(detectDelimiter("name,full_address,latitude")).toBe(",");
    expect(detectDelimiter("Name;Adresse;Breite;Länge")).toBe(";");
    expect(detectDelimiter('"name;x","a;b";c;d')).toBe(";");
    expect(detectDelimiter('"name, with comma";address;lat')).toBe(";");
    expect(detectDelimiter("name\taddress")).toBe("\t");
    expect(detectDelimiter("name")).toBe(",");
  });
});
