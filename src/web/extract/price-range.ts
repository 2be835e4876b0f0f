/**
 * schema.org `priceRange` → price tier 1–4. Symbol runs ("$$", "€€€") through the existing hint
 * parser (src/enrich/normalize/price-tier.ts). Amount ranges ("10-20 EUR", "€10–20", "$15 - $30")
 * are read per person as Google Maps buckets them since 2023 ("$10–20", "$20–30", "$30–50",
 * "$50–100"): midpoint < 15 → 1, < 30 → 2, < 60 → 3, else 4 — only in currencies of that
 * magnitude (USD, EUR, GBP, CHF, CAD, AUD, NZD, SGD); other currencies, and mixed ranges of
 * symbols ("$$-$$$"), give no tier rather than a guess.
 */
import { normalizeCurrency } from "../../enrich/normalize/currency.js";
import { parsePriceTier } from "../../enrich/normalize/price-tier.js";

export interface PriceRange {
  tier: number;
  currency: string | null;
}

const SYMBOLS: Readonly<Record<string, string>> = { $: "USD", "€": "EUR", "£": "GBP" };
const DOLLAR_LIKE = new Set(["USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "SGD"]);

export function parsePriceRange(raw: string, countryCurrency: string | null): PriceRange | null {
  const s = raw.trim();
  if (!s || s.length > 40) return null;
  const symbols = parsePriceTier(s);
  if (symbols) return symbols;
  const m =
    /^([$€£])?\s*(\d{1,4}(?:[.,]\d{1,2})?)\s*(?:[-–—]|to|bis|à|a)\s*([$€£])?\s*(\d{1,4}(?:[.,]\d{1,2})?)\s*([A-Za-z]{3}|[$€£])?$/i.exec(
      s,
    );
  if (!m) return null;
  const symbol = m[1] ?? m[3] ?? (m[5] && m[5].length === 1 ? m[5] : undefined);
  const code = m[5] && m[5].length === 3 ? normalizeCurrency(m[5]) : null;
  // "$" alone is the dollar of the place's country (CAD, AUD, …) when that country uses one.
  let currency = code ?? (symbol ? (SYMBOLS[symbol] ?? null) : null);
  if (symbol === "$" && countryCurrency?.endsWith("D")) currency = countryCurrency;
  if (!currency || !DOLLAR_LIKE.has(currency)) return null;
  const low = Number(m[2]!.replace(",", "."));
  const high = Number(m[4]!.replace(",", "."));
  if (!(high >= low) || high <= 0) return null;
  const mid = (low + high) / 2;
  const tier = mid < 15 ? 1 : mid < 30 ? 2 : mid < 60 ? 3 : 4;
  return { tier, currency };
}
