/**
 * Streaming readers for text files: lines (JSONL / GeoJSON sequences; `.gz` decompressed on the fly)
 * and CSV (RFC 4180: quoted fields, doubled quotes, newlines inside quotes; header row required).
 * Memory stays bounded by one line / record, whatever the file's size.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { Transform } from "node:stream";
import { createGunzip } from "node:zlib";

/** Bytes read so far, for a progress bar over the compressed or plain file. */
export interface ByteCounter {
  bytes: number;
}

/**
 * The file's text, decoded as UTF-8 in chunks of strings (`.gz` decompressed first). A character split
 * across two chunks is decoded whole (break-it trial: String(chunk) of raw gzip output turned 7 of
 * 20,000 names' "東京" into U+FFFD), and bytes that are not UTF-8 fail the read, naming where,
 * rather than becoming U+FFFD (re-check trial: a Latin-1 "Café" was stored as "Caf�").
 */
export function openText(path: string, counter?: ByteCounter): NodeJS.ReadableStream {
  const raw = createReadStream(path);
  if (counter) raw.on("data", (chunk: Buffer | string) => (counter.bytes += chunk.length));
  const bytes = path.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  const text = strictUtf8(path.endsWith(".gz"));
  // pipe() does not carry errors (a gzip header that is not one): the reader sees them on `text`.
  bytes.on("error", (error: Error) => text.destroy(error));
  return bytes.pipe(text);
}

function strictUtf8(gzipped: boolean): Transform {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let offset = 0;
  const notUtf8 = (at: number) =>
    new Error(
      `not UTF-8 text (in the ${gzipped ? "decompressed " : ""}bytes from ${at} on): convert it first, e.g. iconv -f latin1 -t utf-8`,
    );
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        done(notUtf8(offset));
        return;
      }
      offset += chunk.length;
      if (text.length > 0) this.push(text);
      done();
    },
    flush(done) {
      try {
        const rest = decoder.decode();
        if (rest.length > 0) this.push(rest);
        done();
      } catch {
        done(notUtf8(offset));
      }
    },
  });
}

export async function* readLines(path: string, counter?: ByteCounter): AsyncGenerator<string> {
  const rl = createInterface({ input: openText(path, counter), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) yield line;
}

/** Parses CSV text chunks into records (arrays of fields). */
/** A quoted field longer than this is a stray quote swallowing the rest of the file (characters). */
const MAX_QUOTED_FIELD = 1_048_576;

export class CsvParser {
  private field = "";
  private record: string[] = [];
  private quoted = false;
  /** 1-based line being read, and the line where the open quoted field started. */
  private line = 1;
  private quoteLine = 0;
  /** Inside a quoted field; the previous character was a quote (an end, or the first of a doubled one). */
  private quotePending = false;
  private fieldStarted = false;

  /** Feeds a chunk; returns the records completed by it. */
  push(chunk: string): string[][] {
    const out: string[][] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === "\n") this.line++;
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === '"') {
            this.field += '"';
            continue;
          }
          this.quoted = false;
        } else if (c === '"') {
          this.quotePending = true;
          continue;
        } else {
          this.field += c;
          if (this.field.length > MAX_QUOTED_FIELD) throw this.unclosed();
          continue;
        }
      }
      if (c === '"' && !this.fieldStarted) {
        this.quoted = true;
        this.quoteLine = this.line;
        this.fieldStarted = true;
      } else if (c === ",") {
        this.endField();
      } else if (c === "\n") {
        this.endField();
        out.push(this.record);
        this.record = [];
      } else if (c !== "\r") {
        this.field += c;
        this.fieldStarted = true;
      }
    }
    return out;
  }

  /** The last record when the text does not end with a newline. */
  end(): string[][] {
    if (this.quotePending) this.quoted = false;
    if (this.quoted) throw this.unclosed();
    if (this.fieldStarted || this.record.length > 0) {
      this.endField();
      const last = this.record;
      this.record = [];
      return [last];
    }
    return [];
  }

  /** Break-it trial: a stray quote on line 2 swallowed 20,000 rows into one, without a word. */
  private unclosed(): Error {
    return new Error(`line ${this.quoteLine}: a quoted field opened there is never closed (a stray '"'?)`);
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = "";
    this.fieldStarted = false;
    this.quotePending = false;
    this.quoted = false;
  }
}

/** CSV rows as objects keyed by the header row (BOM stripped, names trimmed); blank lines skipped. */
export async function* readCsv(path: string, counter?: ByteCounter): AsyncGenerator<Record<string, string>> {
  const parser = new CsvParser();
  let header: string[] | null = null;
  const toObject = function* (records: string[][]) {
    for (const record of records) {
      if (record.length === 1 && record[0] === "") continue;
      if (!header) {
        header = record.map((h, i) => (i === 0 ? h.replace(/^\ufeff/, "") : h).trim());
        continue;
      }
      const row: Record<string, string> = {};
      header.forEach((h, i) => {
        row[h] = record[i] ?? "";
      });
      yield row;
    }
  };
  for await (const chunk of openText(path, counter)) yield* toObject(parser.push(String(chunk)));
  yield* toObject(parser.end());
}
