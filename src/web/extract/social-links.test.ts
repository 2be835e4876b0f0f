import { describe, expect, it } from "vitest";
import { parsePage } from "./document.js";
import { profileHandle, socialLinks } from "./social-links.js";

describe("social profile links", () => {
  it("reads profiles, including locale and mobile hosts, pages and profile ids", () => {
    expect(profileHandle("https://de-de.facebook.com/BaeckereiKorn/")).toEqual({
      platform: "facebook",
      handle: "BaeckereiKorn",
    });
    expect(profileHandle("https://m.facebook.com/profile.php?id=100063551234567")?.handle).toBe(
      "100063551234567",
    );
    expect(profileHandle("https://www.facebook.com/pages/Blue-Crab/104522339876512")?.handle).toBe(
      "104522339876512",
    );
    expect(profileHandle("https://www.instagram.com/cafe.central/?hl=de")?.handle).toBe("cafe.central");
    expect(profileHandle("https://www.tiktok.com/@wildthyme?lang=en")?.handle).toBe("wildthyme");
    expect(
      profileHandle(
        "https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fwww.facebook.com%2FCafeCentral&tabs=timeline",
      )?.handle,
    ).toBe("CafeCentral");
  });

  it("refuses share buttons, posts, the platform's home and its own accounts", () => {
    for (const url of [
      "https://www.facebook.com/sharer/sharer.php?u=https://x.com",
      "https://www.facebook.com/sharer.php?u=https://x.com",
      "https://www.facebook.com/CafeCentral/posts/pfbid02abc",
      "https://www.instagram.com/p/C1x2y3z4/",
      "https://www.instagram.com/",
      "https://www.instagram.com/instagram/",
      "https://www.tiktok.com/@wildthyme/video/7301234567890123456",
      "https://www.tiktok.com/",
    ]) {
      expect(profileHandle(url), url).toBeNull();
    }
  });

  it("counts the links to each handle", () => {
    const $ = parsePage(
      '<a href="https://instagram.com/shop_a">a</a><a href="https://www.instagram.com/shop_a/">b</a><a href="https://www.instagram.com/designer">c</a>',
    );
    expect(socialLinks($).map((s) => [s.value, s.count])).toEqual([
      ["shop_a", 2],
      ["designer", 1],
    ]);
  });
});
