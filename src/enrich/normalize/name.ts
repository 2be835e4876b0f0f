/** Place name cleanup: whitespace collapsed, surrounding quotes stripped, Unicode kept as given. */
import { collapseWhitespace } from "./text.js";

const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ["\u201c", "\u201d"],
  ["\u2018", "\u2019"],
  ["\u201e", "\u201c"],
  ["\u00ab", "\u00bb"],
  ["\u300c", "\u300d"],
  ["`", "`"],
];

export function cleanName(raw: string): string {
  let s = collapseWhitespace(raw);
  for (let guard = 0; guard < 4; guard++) {
    const pair = QUOTE_PAIRS.find(
      ([open, close]) => s.length >= 2 && s.startsWith(open) && s.endsWith(close),
    );
    if (!pair) break;
    s = collapseWhitespace(s.slice(pair[0].length, s.length - pair[1].length));
  }
  return s;
}
