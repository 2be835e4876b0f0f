import { describe, expect, it } from "vitest";
import { judgeAddress } from "./address-policy.js";
import { type ResolvedAddress, type Resolver, systemResolver } from "./resolver.js";
import { createSsrfGuard } from "./ssrf-guard.js";

/** A resolver with fixed answers: the test decides what each name resolves to. */
function fixedResolver(answers: Record<string, string[]>): Resolver {
  return async (hostname) => {
    const list = answers[hostname];
    if (list === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return list.map((address): ResolvedAddress => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
}

const resolver = fixedResolver({
  "shop.example": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
  localhost: ["127.0.0.1", "::1"],
  "intranet.example": ["10.1.2.3"],
  "metadata.example": ["169.254.169.254"],
  "rebind.example": ["93.184.215.14", "127.0.0.1"],
  "v6-loopback.example": ["::1"],
  "mapped.example": ["::ffff:192.168.0.10"],
  "nothing.example": [],
});

const guard = createSsrfGuard({ allowPrivateNetwork: false, allowedPorts: [80, 443], resolver });
const check = (url: string) => guard.check(new URL(url));

describe("SSRF guard: IP literals in every spelling", () => {
  // Each refused URL, as written by an attacker; the WHATWG parser normalizes it before the guard.
  const refused: Array<[string, RegExp]> = [
    ["http://127.0.0.1/", /loopback/],
    ["http://2130706433/", /127\.0\.0\.1 is loopback/],
    ["http://0x7f.1/", /127\.0\.0\.1 is loopback/],
    ["http://0x7f000001/", /loopback/],
    ["http://0177.0.0.1/", /loopback/],
    ["http://017700000001/", /loopback/],
    ["http://127.1/", /loopback/],
    ["http://%31%32%37.0.0.1/", /loopback/],
    ["http://１２７.0.0.1/", /loopback/],
    ["http://127.0.0.1.:80/", /loopback/],
    ["http://[::1]/", /::1 is outside global unicast 2000::\/3 \(loopback\)/],
    ["http://[::ffff:127.0.0.1]/", /IPv4-mapped 127\.0\.0\.1\) is loopback/],
    ["http://[0:0:0:0:0:ffff:a00:1]/", /IPv4-mapped 10\.0\.0\.1\) is private/],
    ["http://[::127.0.0.1]/", /outside global unicast/],
    ["http://[::ffff:0:7f00:1]/", /IPv4-translated/],
    ["http://[64:ff9b::10.0.0.1]/", /NAT64 of 10\.0\.0\.1\) is private/],
    ["http://[64:ff9b::127.0.0.1]/", /NAT64 of 127\.0\.0\.1\) is loopback/],
    ["http://[64:ff9b:1::8.8.8.8]/", /local-use NAT64/],
    ["http://[2002:7f00:1::1]/", /6to4 of 127\.0\.0\.1\) is loopback/],
    ["http://[2002:a9fe:a9fe::]/", /6to4 of 169\.254\.169\.254\) is link-local/],
    ["http://169.254.169.254/latest/meta-data/", /link-local \(169\.254\.0\.0\/16, cloud metadata\)/],
    ["http://100.64.0.1/", /carrier-grade NAT/],
    ["http://100.127.255.254/", /carrier-grade NAT/],
    ["http://10.0.0.1/", /private/],
    ["http://172.16.5.4/", /private/],
    ["http://172.31.255.255/", /private/],
    ["http://192.168.1.1/", /private/],
    ["http://0.0.0.0/", /unspecified/],
    ["http://0/", /unspecified/],
    ["http://224.0.0.1/", /multicast/],
    ["http://255.255.255.255/", /broadcast/],
    ["http://198.18.0.1/", /reserved/],
    ["http://192.0.2.1/", /reserved/],
    ["http://240.0.0.1/", /reserved/],
    ["http://[::]/", /unspecified/],
    ["http://[fe80::1]/", /link-local/],
    ["http://[fc00::1]/", /unique local/],
    ["http://[fd12:3456::1]/", /unique local/],
    ["http://[ff02::1]/", /multicast/],
    ["http://[2001:db8::1]/", /2001:db8::1 is reserved/],
    ["http://[2001::1]/", /Teredo/],
    ["http://[100::1]/", /discard/],
  ];
  for (const [url, reason] of refused) {
    it(`refuses ${url}`, async () => {
      const verdict = await check(url);
      expect(verdict).toMatchObject({ kind: "blocked", refusal: "address" });
      expect(verdict.kind === "blocked" && verdict.reason).toMatch(reason);
    });
  }

  it("allows public addresses, connecting to an IPv4-mapped one as IPv4", async () => {
    expect(await check("http://8.8.8.8/")).toEqual({
      kind: "allowed",
      hostname: "8.8.8.8",
      address: "8.8.8.8",
    });
    expect(await check("http://134744072/")).toMatchObject({ kind: "allowed", address: "8.8.8.8" });
    expect(await check("https://[2606:4700:4700::1111]/")).toEqual({
      kind: "allowed",
      hostname: "2606:4700:4700::1111",
      address: "2606:4700:4700::1111",
    });
    expect(await check("http://[::ffff:8.8.8.8]/")).toMatchObject({ kind: "allowed", address: "8.8.8.8" });
    expect(await check("http://[64:ff9b::8.8.8.8]/")).toMatchObject({
      kind: "allowed",
      address: "64:ff9b::808:808",
    });
    expect(await check("http://[2002:808:808::1]/")).toMatchObject({ kind: "allowed" });
  });
});

describe("SSRF guard: names are resolved here, every answer judged", () => {
  it("allows a name whose answers are all public, connecting to the first", async () => {
    expect(await check("https://shop.example/menu")).toEqual({
      kind: "allowed",
      hostname: "shop.example",
      address: "93.184.215.14",
    });
  });

  it("refuses a name that resolves to loopback, private, link-local or a mapped private address", async () => {
    const cases: Array<[string, RegExp]> = [
      ["http://localhost/", /localhost resolves to 127\.0\.0\.1 is loopback/],
      ["http://intranet.example/", /intranet\.example resolves to 10\.1\.2\.3 is private/],
      ["http://metadata.example/", /169\.254\.169\.254 is link-local/],
      ["http://v6-loopback.example/", /::1 is outside global unicast/],
      ["http://mapped.example/", /IPv4-mapped 192\.168\.0\.10\) is private/],
    ];
    for (const [url, reason] of cases) {
      const verdict = await check(url);
      expect(verdict, url).toMatchObject({ kind: "blocked", refusal: "address" });
      expect(verdict.kind === "blocked" && verdict.reason, url).toMatch(reason);
    }
  });

  it("refuses a name when any one of its answers is not public (DNS rebinding)", async () => {
    expect(await check("http://rebind.example/")).toMatchObject({ kind: "blocked", refusal: "address" });
  });

  it("reports a name that does not resolve as a DNS failure, not a refusal", async () => {
    expect(await check("http://missing.example/")).toMatchObject({
      kind: "dns_failure",
      reason: expect.stringMatching(/missing\.example does not resolve \(ENOTFOUND\)/),
    });
    expect(await check("http://nothing.example/")).toMatchObject({ kind: "dns_failure" });
  });

  it("gives up on a slow resolver when the caller's signal aborts", async () => {
    const slow = createSsrfGuard({
      allowPrivateNetwork: false,
      allowedPorts: [80],
      resolver: () => new Promise(() => {}),
    });
    await expect(slow.check(new URL("http://slow.example/"), AbortSignal.timeout(20))).rejects.toThrow();
  });
});

describe("SSRF guard: schemes, credentials, ports", () => {
  it("refuses schemes other than http and https", async () => {
    for (const url of [
      "ftp://shop.example/",
      "file:///etc/passwd",
      "gopher://shop.example/",
      "data:text/html,x",
      "javascript:alert(1)",
      "ws://shop.example/",
    ]) {
      expect(await check(url), url).toMatchObject({ kind: "blocked", refusal: "scheme" });
    }
  });

  it("refuses credentials in the URL", async () => {
    expect(await check("http://user:secret@shop.example/")).toMatchObject({
      kind: "blocked",
      refusal: "credentials",
    });
  });

  it("allows only the configured ports, the default port included", async () => {
    expect(await check("http://shop.example:8080/")).toMatchObject({
      kind: "blocked",
      refusal: "port",
      reason: "port 8080 is not allowed (80, 443)",
    });
    expect(await check("https://shop.example:22/")).toMatchObject({ kind: "blocked", refusal: "port" });
    expect(await check("http://shop.example:443/")).toMatchObject({ kind: "allowed" });
    const only8080 = createSsrfGuard({ allowPrivateNetwork: false, allowedPorts: [8080], resolver });
    expect(await only8080.check(new URL("http://shop.example/"))).toMatchObject({ refusal: "port" });
    expect(await only8080.check(new URL("http://shop.example:8080/"))).toMatchObject({ kind: "allowed" });
  });
});

describe("SSRF guard: WEB_ALLOW_PRIVATE_NETWORK", () => {
  const open = createSsrfGuard({ allowPrivateNetwork: true, allowedPorts: [80, 443], resolver });
  it("lifts the address rule only", async () => {
    expect(await open.check(new URL("http://localhost/"))).toEqual({
      kind: "allowed",
      hostname: "localhost",
      address: "127.0.0.1",
    });
    expect(await open.check(new URL("http://169.254.169.254/"))).toMatchObject({ kind: "allowed" });
    expect(await open.check(new URL("http://[::1]/"))).toMatchObject({ kind: "allowed", address: "::1" });
    expect(await open.check(new URL("http://localhost:8080/"))).toMatchObject({ refusal: "port" });
    expect(await open.check(new URL("file:///etc/passwd"))).toMatchObject({ refusal: "scheme" });
  });
});

describe("judgeAddress", () => {
  it("throws on what is not an address", () => {
    expect(() => judgeAddress("shop.example")).toThrow(TypeError);
  });
});

describe("systemResolver", () => {
  it("returns every answer of the system's resolver, and the guard refuses localhost through it", async () => {
    const answers = await systemResolver("localhost");
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) expect(["127.0.0.1", "::1"]).toContain(answer.address);
    const system = createSsrfGuard({
      allowPrivateNetwork: false,
      allowedPorts: [80],
      resolver: systemResolver,
    });
    expect(await system.check(new URL("http://localhost/"))).toMatchObject({
      kind: "blocked",
      refusal: "address",
    });
  });
});
