import { describe, expect, it } from "vitest";
import { closureNotice } from "./closure-notice.js";

function kind(text: string) {
  return closureNotice([{ text, origin: "text" }])?.kind ?? null;
}

describe("closure notices", () => {
  it("reads permanent closures in several languages", () => {
    for (const t of [
      "This location is permanently closed.",
      "After 20 years we have closed our doors. Thank you!",
      "We are closed for good.",
      "Unser Laden ist dauerhaft geschlossen.",
      "Das Geschäft ist endgültig geschlossen.",
      "Le magasin est fermé définitivement.",
      "El local está cerrado permanentemente.",
      "Il negozio è chiuso definitivamente.",
      "De winkel is permanent gesloten.",
    ]) {
      expect(kind(t), t).toBe("permanent");
    }
  });

  it("reads temporary closures, with the sentence quoted", () => {
    expect(kind("Temporarily closed for renovations.")).toBe("temporary");
    expect(kind("Wegen Umbau vorübergehend geschlossen.")).toBe("temporary");
    expect(kind("Fermé temporairement pour travaux.")).toBe("temporary");
    expect(kind("Cerrado temporalmente por reformas.")).toBe("temporary");
    const s = closureNotice([
      { text: "Welcome! We are temporarily closed until May. See you soon.", origin: "text" },
    ]);
    expect(s?.quote).toBe("We are temporarily closed until May.");
  });

  it("ignores hours talk, negations, questions and past closures", () => {
    for (const t of [
      "We are closed on Sundays.",
      "Closed for the holidays from Dec 24 to Jan 2.",
      "We are not permanently closed!",
      "Wir sind nicht dauerhaft geschlossen.",
      "Are you permanently closed?",
      "We were temporarily closed in 2020 but are open again.",
    ]) {
      expect(kind(t), t).toBeNull();
    }
  });
});
