/**
 * Bytes of an input file to text. UTF-8 is decoded strictly: a byte sequence that is not UTF-8 (a
 * Latin-1 or Windows-1252 export) stops the read with the byte offset and the hint to pass
 * `--encoding latin1`, instead of sending U+FFFD replacement characters to the server. `latin1` is
 * decoded as Windows-1252, its superset, as the WHATWG Encoding standard does (what spreadsheets
 * on Windows write when they say "Latin-1"; 0x80–0x9F are then €, ‘, ’, …).
 */
import { Transform, type TransformCallback } from "node:stream";
import { lookupTable } from "../../lookup-table.js";

export class InputEncodingError extends Error {
  override name = "InputEncodingError";
}

const ALIASES: Readonly<Record<string, string>> = lookupTable({
  utf8: "utf-8",
  "utf-8": "utf-8",
  latin1: "windows-1252",
  "latin-1": "windows-1252",
  "iso-8859-1": "windows-1252",
  cp1252: "windows-1252",
  "windows-1252": "windows-1252",
});

/** The WHATWG label for `--encoding`; an InputEncodingError for one we do not read. */
export function encodingLabel(name: string): string {
  const label = ALIASES[name.toLowerCase()];
  if (!label) {
    throw new InputEncodingError(`unknown encoding "${name}" (use utf8 or latin1)`);
  }
  return label;
}

/** A stream transform from bytes to strings in `encoding` (see encodingLabel). */
export function decodingStream(encoding: string): Transform {
  const label = encodingLabel(encoding);
  const decoder = new TextDecoder(label, { fatal: label === "utf-8", ignoreBOM: false });
  let offset = 0;
  const fail = (error: unknown, callback: TransformCallback) =>
    callback(
      new InputEncodingError(
        `the file is not valid UTF-8 (a bad byte within bytes ${offset}–${offset + 65_536}): if it is a Latin-1 or Windows-1252 export, pass --encoding latin1 (${(error as Error).message})`,
      ),
    );
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, callback) {
      try {
        const text = decoder.decode(chunk, { stream: true });
        offset += chunk.length;
        callback(null, text);
      } catch (error) {
        fail(error, callback);
      }
    },
    flush(callback) {
      try {
        const rest = decoder.decode();
        callback(null, rest || undefined);
      } catch (error) {
        fail(error, callback);
      }
    },
  });
}
