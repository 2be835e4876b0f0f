import { describe, expect, it } from "vitest";
import { closureLikeText, hoursLikeText } from "./model-reading.js";

describe("when the model is asked", () => {
  it("finds hours written in words under a heading, or day names with times", () => {
    expect(hoursLikeText(["Linden Books", "Opening hours", "From nine till half past five, weekdays."])).toBe(
      "Opening hours\nFrom nine till half past five, weekdays.",
    );
    expect(hoursLikeText(["Welcome", "Montag bis Freitag ab 9.30 für Sie da"])).toContain("Montag");
    expect(hoursLikeText(["Welcome", "Fine books since 1987.", "Call us: 217 555 0188"])).toBeNull();
  });

  it("finds closure-like sentences but not hours lines", () => {
    expect(
      closureLikeText([
        "Linden Books",
        "Liebe Kundschaft, nach 32 Jahren haben wir unseren Laden aufgegeben.",
        "Danke!",
      ]),
    ).toBe("Linden Books\nLiebe Kundschaft, nach 32 Jahren haben wir unseren Laden aufgegeben.\nDanke!");
    expect(
      closureLikeText(["Sun: Closed", "zo en ma gesloten", "Closed on Sundays and Mondays 9-17"]),
    ).toBeNull();
    expect(closureLikeText(["Nous avons fermé la boutique après 20 ans, merci à tous."])).not.toBeNull();
  });
});
