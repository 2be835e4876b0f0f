/**
 * Price tier hints → 1..4. Accepted: numbers 1–4, "$".."$$$$" (also €, £, ¥, ₩, ₹: the symbol
 * gives the currency where it is unambiguous), Google-style "PRICE_LEVEL_MODERATE", and the words
 * inexpensive/cheap (1), moderate (2), expensive (3), very expensive (4).
 */
import { lookupTable } from "../../lookup-table.js";

export interface PriceTier {
  tier: number;
  currency: string | null;
}

const SYMBOL_CURRENCY: Readonly<Record<string, string | null>> = {
  $: null,
  "€": "EUR",
  "£": "GBP",
  "¥": null,
  "₩": "KRW",
  "₹": "INR",
};

// biome-ignore format: compact lookup table
const WORDS: Readonly<Record<string, number>> = lookupTable({
  inexpensive: 1, cheap: 1, budget: 1, low: 1, moderate: 2, moderately_expensive: 2, medium: 2, mid: 2,
  expensive: 3, high: 3, very_expensive: 4, luxury: 4,
});

export function parsePriceTier(raw: unknown): PriceTier | null {
  if (typeof raw === "number") {
    return Number.isInteger(raw) && raw >= 1 && raw <= 4 ? { tier: raw, currency: null } : null;
  }
  if (typeof raw !== "string") return null;
  const s = raw.trim();
  if (/^[1-4]$/.test(s)) return { tier: Number(s), currency: null };
  const sym = /^([$€£¥₩₹])\1{0,3}$/u.exec(s);
  if (sym?.[1]) return { tier: [...s].length, currency: SYMBOL_CURRENCY[sym[1]] ?? null };
  const word = s
    .toLowerCase()
    .replace(/^price_level_/, "")
    .replace(/[\s-]+/g, "_");
  const tier = WORDS[word];
  return tier ? { tier, currency: null } : null;
}
