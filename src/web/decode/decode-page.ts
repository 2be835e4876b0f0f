/**
 * A fetched page's bytes → text, choosing the encoding as a browser would, then guessing where a
 * browser would fall back to a locale default:
 *
 * 1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE), which wins over any label;
 * 2. the Content-Type header's charset, when it is a known label;
 * 3. a <meta> charset in the first 1024 bytes (meta-prescan.ts);
 * 4. UTF-8, when the bytes are valid UTF-8 (a fatal decoder: ASCII counts as UTF-8);
 * 5. chardet's guess, when it is confident (GUESS_MIN_CONFIDENCE);
 * 6. windows-1252, the WHATWG default for Western locales.
 *
 * Steps 1–3 are the HTML Standard's order (encoding sniffing algorithm); 4–6 replace its
 * "implementation-defined" step. Labels are mapped to WHATWG names first (encoding-labels.ts), so
 * "iso-8859-1" decodes as windows-1252. A label with no usable decoder ("replacement",
 * "x-user-defined", an unknown name) is passed over to the next step rather than trusted.
 */
import chardet from "chardet";
import { canDecode, decodeAs, strictUtf8 } from "./decoders.js";
import { encodingForLabel } from "./encoding-labels.js";
import { prescanMetaCharset } from "./meta-prescan.js";

export type CharsetSource = "bom" | "header" | "meta" | "utf8" | "guess" | "default";

export interface DecodedPage {
  /** The page text, without its byte order mark. */
  text: string;
  /** WHATWG name of the encoding used ("UTF-8", "Shift_JIS", "windows-1252", ...). */
  encoding: string;
  /** Which step chose it. */
  source: CharsetSource;
}

/**
 * Lowest chardet confidence (0–100) taken as a guess. Measured on the test pages (decode-page.test.ts):
 * Shift_JIS, EUC-KR and GB18030 text scored 100, while Latin text in windows-1252 scored 27 (as
 * ISO-8859-1) with Turkish and Hungarian runners-up close behind; below 50 the default is as good.
 */
export const GUESS_MIN_CONFIDENCE = 50;

/**
 * Bytes chardet looks at. On a 2 MB page chardet took 1.0–1.8 s, on its first 64 KiB 46–80 ms
 * (measured here, 2 shared cores); a page's encoding does not change after its first 64 KiB.
 */
const GUESS_SAMPLE_BYTES = 64 * 1024;

/**
 * Decodes a page. `headerCharset` is the Content-Type charset parameter as sent (or null).
 * Never throws: undecodable bytes become U+FFFD.
 */
export function decodePage(bytes: Uint8Array, headerCharset: string | null): DecodedPage {
  const bom = sniffBom(bytes);
  if (bom !== null) {
    return {
      text: decodeAs(bom.encoding, bytes.subarray(bom.length)),
      encoding: bom.encoding,
      source: "bom",
    };
  }
  const declared = usable(headerCharset === null ? null : encodingForLabel(headerCharset));
  if (declared !== null) return { text: decodeAs(declared, bytes), encoding: declared, source: "header" };
  const meta = usable(prescanMetaCharset(bytes));
  if (meta !== null) return { text: decodeAs(meta, bytes), encoding: meta, source: "meta" };
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: "UTF-8", source: "utf8" };
  const guess = guessEncoding(bytes);
  if (guess !== null) return { text: decodeAs(guess, bytes), encoding: guess, source: "guess" };
  return { text: decodeAs("windows-1252", bytes), encoding: "windows-1252", source: "default" };
}

function usable(encoding: string | null): string | null {
  return encoding !== null && canDecode(encoding) ? encoding : null;
}

function sniffBom(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "UTF-8", length: 3 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "UTF-16BE", length: 2 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "UTF-16LE", length: 2 };
  return null;
}

/** chardet's best guess as a WHATWG name, when confident and decodable; never UTF-8 (step 4 ruled it out). */
function guessEncoding(bytes: Uint8Array): string | null {
  const best = chardet.analyse(bytes.subarray(0, GUESS_SAMPLE_BYTES))[0];
  if (best === undefined || best.confidence < GUESS_MIN_CONFIDENCE) return null;
  const encoding = usable(encodingForLabel(best.name));
  return encoding === "UTF-8" ? null : encoding;
}
