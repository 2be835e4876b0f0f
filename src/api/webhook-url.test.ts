import { describe, expect, it } from "vitest";
import { checkWebhookUrl } from "./webhook-url.js";

const LOC = ["body", "webhook_url"];

describe("checkWebhookUrl", () => {
  it("accepts absolute http(s) URLs with a host, and an absent value", () => {
    expect(checkWebhookUrl(undefined, LOC)).toEqual([]);
    expect(checkWebhookUrl("https://hooks.example.com/in?x=1", LOC)).toEqual([]);
    expect(checkWebhookUrl("http://10.0.0.5:8443/hook", LOC)).toEqual([]); // the address is judged at delivery
  });

  it.each([
    ["/relative/path", "url_parsing"],
    ["hooks.example.com/in", "url_parsing"],
    ["ftp://hooks.example.com/in", "url_scheme"],
    ["javascript:alert(1)", "url_scheme"],
    ["file:///etc/passwd", "url_scheme"],
    ["https://user:pw@hooks.example.com/", "url_credentials"],
    ["https://token@hooks.example.com/", "url_credentials"],
  ])("refuses %s (%s) at the field", (url, type) => {
    const [issue, ...rest] = checkWebhookUrl(url, LOC);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ loc: LOC, type });
  });
});
