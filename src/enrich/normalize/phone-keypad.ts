/**
 * Vanity phone numbers ("1-800-FLOWERS", "0800 REPARATUR", "1300 FLOWERS"): letters dialed on the
 * phone keypad of ITU-T E.161 (ABC=2, DEF=3, GHI=4, JKL=5, MNO=6, PQRS=7, TUV=8, WXYZ=9).
 * libphonenumber-js does not read them. As Google's libphonenumber does, a text is read as vanity
 * only with at least three letters after its first digit, and an extension ("ext. 12", "x12") is
 * cut first. Advertised vanity words often have more letters than the number has digits
 * ("1-800-MATTRESS"): the extra letters at the end are not dialed, so the caller also gets the
 * shorter readings of the last word, longest first, and keeps the first valid one.
 */

const KEYPAD: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      ["ABC", "2"],
      ["DEF", "3"],
      ["GHI", "4"],
      ["JKL", "5"],
      ["MNO", "6"],
      ["PQRS", "7"],
      ["TUV", "8"],
      ["WXYZ", "9"],
    ] as const
  ).flatMap(([letters, digit]) => [...letters].map((l) => [l, digit])),
);

const EXTENSION = /\s*(?:,|;)?\s*(?:ext\.?|extension|x|#)\s*\d{1,6}\s*$/i;
/** From the first `+` or digit: digits, ASCII letters and the usual punctuation only. */
const VANITY = /^\+?\d[\dA-Za-z\s()./-]*$/;

export interface VanityReading {
  /** Digit strings to try, the full reading first, then with trailing letters dropped. */
  candidates: string[];
}

export function vanityToDigits(text: string): VanityReading | null {
  const start = text.search(/[+\d]/);
  if (start < 0) return null;
  const number = text.slice(start).replace(EXTENSION, "").trim();
  if (!VANITY.test(number)) return null;
  const letters = number.match(/[A-Za-z]/g)?.length ?? 0;
  if (letters < 3) return null;
  const full = number.replace(/[A-Za-z]/g, (c) => KEYPAD[c.toUpperCase()] ?? c);
  const candidates = [full];
  // Extra letters of the last word are not dialed: drop them one by one (never a digit written as one).
  const lastWord = /[A-Za-z]+(?=[^A-Za-z]*$)/.exec(number);
  if (lastWord && /^[^\d]*$/.test(number.slice(lastWord.index + lastWord[0].length))) {
    const head = number.slice(0, lastWord.index).replace(/[A-Za-z]/g, (c) => KEYPAD[c.toUpperCase()] ?? c);
    const word = lastWord[0].toUpperCase();
    for (let keep = word.length - 1; keep >= 1; keep--) {
      candidates.push(`${head}${[...word.slice(0, keep)].map((c) => KEYPAD[c] ?? c).join("")}`);
    }
  }
  return { candidates };
}
