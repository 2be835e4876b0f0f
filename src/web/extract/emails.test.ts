import { describe, expect, it } from "vitest";
import { parsePage } from "./document.js";
import { decodeCfEmail, deobfuscate, EmailCollector, linkEmails, textEmails } from "./emails.js";

function fromText(lines: string[], url = "https://www.baeckerei-korn.de/") {
  const c = new EmailCollector(url);
  textEmails(lines, c);
  return c.found;
}

describe("emails on a page", () => {
  it("reads obfuscated spellings back", () => {
    expect(deobfuscate("info [at] baeckerei-korn [dot] de")).toBe("info@baeckerei-korn.de");
    expect(deobfuscate("reservas(arroba)elolivo(punto)es")).toBe("reservas@elolivo.es");
    expect(deobfuscate("kontakt (at) firma (punkt) at")).toBe("kontakt@firma.at");
    expect(deobfuscate("hello at studio dot co dot uk")).toBe("hello@studio.co.uk");
    expect(deobfuscate("meet us at the market")).toBe("meet us at the market");
  });

  it("keeps real addresses, marks same-site and obfuscated ones, rejects file names and placeholders", () => {
    const found = fromText([
      "Schreiben Sie uns: info [at] baeckerei-korn [dot] de",
      "logo@2x.png and bg@3x.webp",
      "you@example.com · name@domain.com · sentry@sentry.wixpress.com",
      "Agentur: hallo@pixelwerk.example.org",
    ]);
    expect(found.map((f) => [f.value, f.sameSite, f.deobfuscated])).toEqual([
      ["info@baeckerei-korn.de", true, true],
    ]);
  });

  it("decodes Cloudflare's protected addresses and mailto links", () => {
    const email = "team@cafe.fr";
    const hex = `2a${[...email].map((c) => (c.charCodeAt(0) ^ 0x2a).toString(16).padStart(2, "0")).join("")}`;
    expect(decodeCfEmail(hex)).toBe(email);
    const $ = parsePage(
      `<a href="mailto:Bonjour@Cafe.fr?subject=x">write</a><span class="__cf_email__" data-cfemail="${hex}">[email protected]</span>`,
    );
    const c = new EmailCollector("https://cafe.fr/");
    linkEmails($, c);
    expect(c.found.map((f) => f.value)).toEqual(["Bonjour@cafe.fr", "team@cafe.fr"]);
  });
});
