import { describe, expect, it } from "vitest";
import type { Evidence, EvidenceStrength } from "../types.js";
import { NO_STATUS_EVIDENCE, resolveOpenClosed, type WebSignal } from "./open-closed-rules.js";

const web = (
  value: string,
  signal: WebSignal,
  note: string,
  strength: EvidenceStrength = "moderate",
): Evidence => ({
  field: "open_closed_status",
  value,
  source: "web",
  strength,
  note,
  detail: { webSignal: signal },
});
const ref = (
  value: string | null,
  strength: EvidenceStrength = "strong",
  detail: Record<string, unknown> = {},
): Evidence => ({
  field: "open_closed_status",
  value,
  source: "reference:default",
  strength,
  note: "default record r1",
  detail,
});
const live = web("Open", "live", "website https://a.test/ is live and verified");
const closure = web("Closed", "closure", 'website https://a.test/ says "We have closed our doors for good"');
const temporary = web("Temporarily Closed", "temporary", 'website says "closed for renovation until May"');
const dead = web("Closed", "dead", "website https://a.test/ is gone: HTTP 404", "weak");

describe("resolveOpenClosed", () => {
  it("a live verified site alone is Open at MEDIUM; agreeing with a listing, HIGH", () => {
    expect(resolveOpenClosed([live])).toMatchObject({ value: "Open", confidence: "MEDIUM" });
    expect(resolveOpenClosed([live, ref("Open", "weak")])).toMatchObject({
      value: "Open",
      confidence: "HIGH",
    });
  });

  it("first-party closure text decides Closed, quoted, even against a listing saying Open", () => {
    const r = resolveOpenClosed([ref("Open"), closure]);
    expect(r.value).toBe("Closed");
    expect(r.confidence).toBe("MEDIUM");
    expect(r.reasoning).toContain('"We have closed our doors for good"');
    expect(r.reasoning).toContain("other signals: default record r1");
    expect(resolveOpenClosed([closure, ref("Closed", "weak")]).confidence).toBe("HIGH");
  });

  it("Temporarily Closed only from an explicit temporary notice", () => {
    expect(resolveOpenClosed([temporary])).toMatchObject({
      value: "Temporarily Closed",
      confidence: "MEDIUM",
    });
    expect(resolveOpenClosed([live]).value).toBe("Open");
  });

  it("a dead site counts only when corroborated", () => {
    const alone = resolveOpenClosed([dead]);
    expect(alone.value).toBeNull();
    expect(alone.reasoning).toContain("not counted");
    expect(resolveOpenClosed([dead, ref("Closed", "moderate")])).toMatchObject({
      value: "Closed",
      confidence: "HIGH",
    });
    const stale = ref(null, "weak", { stale: true });
    expect(resolveOpenClosed([dead, stale])).toMatchObject({ value: "Closed", confidence: "LOW" });
  });

  it("a dead site does not outweigh a listing saying Open; ties go to Open", () => {
    const r = resolveOpenClosed([dead, ref("Open", "weak")]);
    expect(r.value).toBe("Open");
    expect(r.reasoning).toContain("not counted");
    expect(resolveOpenClosed([ref("Closed", "weak"), web("Open", "live", "live", "weak")]).value).toBe(
      "Open",
    );
  });

  it("No Internet Presence only when nothing else is known", () => {
    const none = web("No Internet Presence", "no_presence", "no website anywhere", "weak");
    expect(resolveOpenClosed([none])).toMatchObject({ value: "No Internet Presence", confidence: "LOW" });
    expect(resolveOpenClosed([none, ref("Open", "weak")]).value).toBe("Open");
    expect(resolveOpenClosed([])).toMatchObject({ value: null, reasoning: NO_STATUS_EVIDENCE });
  });
});
