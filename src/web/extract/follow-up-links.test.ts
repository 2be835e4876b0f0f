import { describe, expect, it } from "vitest";
import { parsePage } from "./document.js";
import { chooseFollowUpLink, followUpLinks } from "./follow-up-links.js";

const $ = parsePage(`
  <a href="/kontakt/">Kontakt</a><a href="/impressum">Impressum</a><a href="/oeffnungszeiten">Öffnungszeiten</a>
  <a href="/ueber-uns">Über uns</a><a href="https://other.example.com/contact">Contact</a><a href="/menu.pdf">Speisekarte</a>
  <a href="/so-finden-sie-uns">So finden Sie uns</a>`);

describe("follow-up links", () => {
  it("lists same-site contact, imprint, hours, location and about links", () => {
    const links = followUpLinks($, "https://www.cafe-beispiel.de/");
    expect(links.map((l) => [l.kind, l.url])).toEqual([
      ["contact", "https://www.cafe-beispiel.de/kontakt/"],
      ["imprint", "https://www.cafe-beispiel.de/impressum"],
      ["hours", "https://www.cafe-beispiel.de/oeffnungszeiten"],
      ["about", "https://www.cafe-beispiel.de/ueber-uns"],
      ["location", "https://www.cafe-beispiel.de/so-finden-sie-uns"],
    ]);
  });

  it("chooses one link for what is missing", () => {
    const links = followUpLinks($, "https://www.cafe-beispiel.de/");
    expect(chooseFollowUpLink(links, ["hours"])?.kind).toBe("hours");
    expect(chooseFollowUpLink(links, ["phone", "email"])?.kind).toBe("contact");
    expect(chooseFollowUpLink(links, [])).toBeNull();
    expect(chooseFollowUpLink([], ["phone"])).toBeNull();
  });
});
