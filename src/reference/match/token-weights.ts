/**
 * IDF weights of name tokens from the reference's document frequencies (stored at import for tokens
 * in at least MIN_STORED_DF records; rarer tokens count as df = 1). Weight = ln(1 + N / df), so "the",
 * "cafe" or "restaurant" weigh little and a distinctive word a lot.
 */
import type { TokenFrequencies } from "../store/port.js";
import type { TokenWeight } from "./similarity.js";

export function idfWeights(tf: TokenFrequencies): TokenWeight {
  const n = Math.max(tf.total, 1);
  const rare = Math.log(1 + n);
  const cache = new Map<string, number>();
  return (token) => {
    let w = cache.get(token);
    if (w === undefined) {
      const df = tf.df.get(token);
      w = df === undefined ? rare : Math.log(1 + n / df);
      // Single letters and digits alone ("a", "1") are weak whatever their frequency.
      if (token.length === 1) w = Math.min(w, 1);
      cache.set(token, w);
    }
    return w;
  };
}

/** The rarest `k` tokens (highest weight): what a name search asks the full-text index for. */
export function rarestTokens(tokens: readonly string[], weight: TokenWeight, k: number): string[] {
  return [...new Set(tokens)]
    .filter((t) => t.length > 1)
    .sort((a, b) => weight(b) - weight(a))
    .slice(0, k);
}
