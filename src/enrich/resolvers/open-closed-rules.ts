/**
 * The open/closed status rules (issue 9, point 7), over every source's `open_closed_status` evidence.
 * The website source marks its evidence with `detail.webSignal`:
 *
 * - "closure": the place's own site says it closed for good (quoted) → Closed, ahead of any listing
 *   that still calls it open (the site is first-party and newer than a dataset);
 * - "temporary": an explicit temporary notice → Temporarily Closed, likewise;
 * - "dead": the site is gone (404/410, the name no longer resolves, parked, now another business).
 *   A dead site alone proves little (sites lapse while shops trade), so it counts only when another
 *   signal corroborates it: a source saying Closed, or a stale reference record (`detail.stale`);
 *   uncorroborated it is only cited;
 * - "live": the verified site answers with no closure notice → Open;
 * - "no_presence": no website from any source and no reference record → No Internet Presence, used
 *   only when no other status evidence exists.
 *
 * Otherwise the best-supported value wins (confidence.ts: first-party evidence agreeing with another
 * source rises one step, to HIGH), ties going to Open (the bias the issue asks for). The reasoning
 * names the chosen value's evidence, then the other signals.
 */
import type { Evidence } from "../types.js";
import { type FieldOutcome, groupByValue, reasoningLine, rejections, usable } from "./fusion.js";

export type WebSignal = "closure" | "temporary" | "dead" | "live" | "no_presence";

export const NO_STATUS_EVIDENCE =
  "no evidence about open/closed status: no input, reference record or website said anything about it";

function signalOf(e: Evidence): WebSignal | null {
  const s = e.detail?.webSignal;
  return typeof s === "string" ? (s as WebSignal) : null;
}

function isStale(e: Evidence): boolean {
  const m = e.detail?.match as { stale?: unknown } | undefined;
  return e.detail?.stale === true || m?.stale === true;
}

/** open_closed_status from the status evidence and, for corroboration, every piece of evidence. */
export function resolveOpenClosed(own: readonly Evidence[], all: readonly Evidence[] = own): FieldOutcome {
  const usableOwn = own.filter(usable);
  const bySignal = (s: WebSignal) => usableOwn.filter((e) => signalOf(e) === s);
  const others = usableOwn.filter((e) => signalOf(e) === null);
  const dead = bySignal("dead");
  const closedElsewhere = others.some((e) => e.value === "Closed");
  const stale = all.some(isStale);
  const deadCounts = dead.length > 0 && (closedElsewhere || stale);

  const cite = (chosen: readonly Evidence[], rest: readonly Evidence[], extra: string[] = []) => {
    const notes = [...new Set(rest.filter((e) => !chosen.includes(e)).map((e) => e.note)), ...extra];
    return notes.length > 0 ? `; other signals: ${notes.join("; ")}` : "";
  };

  // First-party notices decide the value; agreement from another source raises the level.
  for (const [signal, value] of [
    ["closure", "Closed"],
    ["temporary", "Temporarily Closed"],
  ] as const) {
    const notices = bySignal(signal);
    if (notices.length === 0) continue;
    const support = [...notices, ...others.filter((e) => e.value === value), ...(deadCounts ? dead : [])];
    const group = groupByValue(support.map((e) => ({ ...e, value })))[0]!;
    return {
      value,
      confidence: group.confidence,
      reasoning: reasoningLine(value, support) + cite(support, usableOwn),
    };
  }

  const candidates = [...others, ...bySignal("live"), ...(deadCounts ? dead : [])];
  const groups = groupByValue(candidates);
  if (groups.length > 0) {
    const top = groups[0]!;
    const open = groups.find((g) => g.value === "Open" && g.confidence === top.confidence);
    const chosen = open ?? top;
    const unused =
      dead.length > 0 && !deadCounts
        ? [`${dead.map((e) => e.note).join("; ")} (not counted: nothing corroborates a closure)`]
        : [];
    return {
      value: chosen.value,
      confidence: chosen.confidence,
      reasoning:
        reasoningLine(String(chosen.value), chosen.support) +
        cite(
          chosen.support,
          usableOwn.filter((e) => !dead.includes(e) || deadCounts),
        ) +
        (unused.length > 0 ? `; ${unused.join("; ")}` : ""),
    };
  }
  if (dead.length > 0) {
    return {
      value: null,
      confidence: "NONE",
      reasoning: `${dead.map((e) => e.note).join("; ")}; not counted as a closure: no other signal (reference status, stale listing) corroborates it`,
    };
  }
  const none = bySignal("no_presence");
  if (none.length > 0) {
    const group = groupByValue(none)[0]!;
    return {
      value: group.value,
      confidence: group.confidence,
      reasoning: reasoningLine(String(group.value), none),
    };
  }
  const why = rejections(own);
  return { value: null, confidence: "NONE", reasoning: why.length > 0 ? why.join("; ") : NO_STATUS_EVIDENCE };
}
