/**
 * Bytes → text in a WHATWG-named encoding (see encoding-labels.ts).
 *
 * Why not TextDecoder for everything: Node 20's TextDecoder("windows-1252") turns 0x80–0x9F into C1
 * controls ("Mon\x96Fri" stays "Mon\u0096Fri"; measured on Node 20.20), and iconv-lite with the
 * label "iso-8859-1" does the same. The single-byte and CJK encodings therefore go through
 * iconv-lite under the name whose table matches the WHATWG one: GBK is decoded as gb18030 (its
 * superset, as the standard does), EUC-KR as cp949 (the standard's EUC-KR is windows-949),
 * Shift_JIS as cp932 (windows-31J, with the NEC/IBM rows), Big5 as big5hkscs. UTF-8 and UTF-16 use
 * TextDecoder (correct there, and faster), as does ISO-2022-JP, which iconv-lite lacks.
 * The five bytes windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) come out as U+FFFD
 * rather than the standard's C1 controls: invisible either way to an extractor.
 */
import iconv from "iconv-lite";
import { lookupTable } from "../../lookup-table.js";

const ICONV_NAME: Readonly<Record<string, string>> = lookupTable({
  IBM866: "cp866",
  "ISO-8859-8-I": "iso-8859-8",
  macintosh: "macintosh",
  "x-mac-cyrillic": "maccyrillic",
  "windows-874": "windows874",
  GBK: "gb18030",
  gb18030: "gb18030",
  Big5: "big5hkscs",
  "EUC-JP": "eucjp",
  Shift_JIS: "cp932",
  "EUC-KR": "cp949",
});

const TEXT_DECODER_NAME: Readonly<Record<string, string>> = lookupTable({
  "UTF-8": "utf-8",
  "UTF-16LE": "utf-16le",
  "UTF-16BE": "utf-16be",
  "ISO-2022-JP": "iso-2022-jp",
});

/** Whether decodeAs can decode this WHATWG encoding ("replacement" and "x-user-defined" it cannot). */
export function canDecode(encoding: string): boolean {
  if (encoding in TEXT_DECODER_NAME) return true;
  return iconv.encodingExists(iconvName(encoding));
}

function iconvName(encoding: string): string {
  return ICONV_NAME[encoding] ?? encoding.toLowerCase();
}

/**
 * Decodes `bytes` as `encoding` (a WHATWG name); malformed sequences become U+FFFD, as a browser
 * shows them. Throws RangeError for an encoding canDecode rejects. A BOM is not stripped here.
 */
export function decodeAs(encoding: string, bytes: Uint8Array): string {
  const textDecoderName = TEXT_DECODER_NAME[encoding];
  if (textDecoderName !== undefined) {
    return new TextDecoder(textDecoderName, { ignoreBOM: true }).decode(bytes);
  }
  const name = iconvName(encoding);
  if (!iconv.encodingExists(name)) throw new RangeError(`no decoder for ${encoding}`);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name, {
    stripBOM: false,
  });
}

/** The text when `bytes` are valid UTF-8, else null (a fatal TextDecoder: no guessing). */
export function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}
