import { describe, expect, it } from "vitest";
import { parsePage } from "./document.js";
import { phoneLabel } from "./phone-labels.js";
import { telLinks, textPhones } from "./phones.js";

describe("phone numbers on a page", () => {
  it("labels numbers by the words before them", () => {
    expect(phoneLabel("Tel. ")).toBe("phone");
    expect(phoneLabel("Téléphone : ")).toBe("phone");
    expect(phoneLabel("電話：")).toBe("phone");
    expect(phoneLabel("Telefax: ")).toBe("fax");
    expect(phoneLabel("Gift cards: call ")).toBe("gift-card");
    expect(phoneLabel("Bestellen über Lieferando: ")).toBe("third-party");
    expect(phoneLabel("Corporate office: ")).toBe("head-office");
    expect(phoneLabel("USt-IdNr. ")).toBe("not-a-phone");
    expect(phoneLabel("", " (Fax)")).toBe("fax");
    expect(phoneLabel("Visit us! ")).toBeNull();
  });

  it("finds numbers in text lines for the place's country, the label cut at the previous number", () => {
    const found = textPhones(
      [
        "Telefon",
        "030 2345 6789",
        "Tel. 030 2345 6780 · Fax 030 2345 6781",
        "Öffnungszeiten Mo–Fr 6.30 – 18.00 Uhr",
        "Hauptstraße 140, 69117 Heidelberg",
      ],
      "DE",
    );
    expect(found.phones.map((p) => [p.value, p.label])).toEqual([
      ["+493023456789", "phone"],
      ["+493023456780", "phone"],
    ]);
    expect(found.otherPhones.map((p) => [p.value, p.label])).toEqual([["+493023456781", "fax"]]);
  });

  it("reads tel: links, with their label", () => {
    const $ = parsePage(
      '<p>Fax <a href="tel:+4930234567">030 234567</a></p><a href="tel:+1%20(503)%20555-0142">Call us</a>',
    );
    const found = telLinks($, "US");
    expect(found.phones.map((p) => p.value)).toEqual(["+15035550142"]);
    expect(found.otherPhones.map((p) => [p.value, p.label])).toEqual([["+4930234567", "fax"]]);
  });
});
