import { describe, expect, it } from "vitest";
import { openStore } from "./open-store.js";

describe("openStore", () => {
  it("an unknown scheme, or one named like an Object.prototype member, is refused", () => {
    expect(() => openStore("zzqx://db")).toThrow(/Unsupported database URL scheme "zzqx:"/);
    expect(() => openStore("constructor://db")).toThrow(/Unsupported database URL scheme "constructor:"/);
  });
});
