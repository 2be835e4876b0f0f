import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

// patches/libphonenumber-js+*.patch, applied by `npm install` (postinstall: patch-package): without it,
// phones are still right but every number costs ~2.5x the CPU (patches/README.md).
describe("the libphonenumber-js patch", () => {
  const root = dirname(createRequire(import.meta.url).resolve("libphonenumber-js/package.json"));
  it.each(["es6", "es6-modern", "build"])("compiles each pattern once in the %s build", (build) => {
    const source = readFileSync(join(root, build, "helpers", "matchesEntirely.js"), "utf8");
    expect(source).toContain("place-enrichment patch");
    expect(source).not.toMatch(/return new RegExp\(/);
  });
});
