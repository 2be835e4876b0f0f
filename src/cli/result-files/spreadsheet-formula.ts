/**
 * CSV injection ("formula injection", OWASP): a spreadsheet opening a CSV runs a cell that starts
 * with `=`, `+`, `-` or `@` as a formula (and a leading tab or carriage return is trimmed away, which
 * exposes one). Results carry text from third parties — a website's JSON-LD name, a reference
 * dataset — so a cell like `=HYPERLINK("http://evil.example/","x")` must reach the user's
 * spreadsheet as text. Such a cell is written with a leading `'`, which spreadsheets show as text
 * and hide. A plain number (`-74.006`, `+33`) is left alone: it is data, not a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `text` safe to open in a spreadsheet: prefixed with `'` when it would start a formula. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}
