/**
 * Reads a response body, decompressing it here (gzip, deflate, br) and counting the bytes that
 * come *out*: undici's maxResponseSize counts the compressed bytes, so a 10 KB gzip bomb that
 * inflates to gigabytes would pass it. Reading stops as soon as the count passes the cap, and the
 * decompressor and the connection are destroyed: a bomb costs about one decompressor chunk
 * (16 KiB) beyond the cap. The compressed bytes are capped too.
 */
import type { Readable, Transform } from "node:stream";
import zlib from "node:zlib";

export type BodyRead =
  | { kind: "complete"; bytes: Buffer }
  /** Past `maxBytes`: nothing, or with `truncate` the first `maxBytes` bytes. */
  | { kind: "too_large"; bytes: Buffer | null }
  /** An unknown Content-Encoding, or compressed data that does not decompress. */
  | { kind: "bad_encoding"; reason: string };

export interface ReadBodyOptions {
  /** Content-Encoding as sent (`gzip`, `br`, `gzip, br`, …), or null. */
  contentEncoding: string | null;
  maxBytes: number;
  /** Keep the first maxBytes instead of nothing (robots.txt: RFC 9309 reads at least 500 KiB). */
  truncate?: boolean;
}

type Coding = "gzip" | "deflate" | "br";

/**
 * The body of a response as bytes. Rejects with the stream's error when the transfer fails
 * (connection reset, the request's signal aborted); decompression failures are a `bad_encoding`.
 */
export async function readBody(body: Readable, options: ReadBodyOptions): Promise<BodyRead> {
  const codings = parseCodings(options.contentEncoding);
  if (typeof codings === "string") {
    discardBody(body);
    return { kind: "bad_encoding", reason: codings };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let over = false;
  const collect = (chunk: Buffer) => {
    if (over) return;
    if (total + chunk.length > options.maxBytes) {
      over = true;
      if (options.truncate) chunks.push(chunk.subarray(0, options.maxBytes - total));
      total = options.maxBytes;
      return;
    }
    chunks.push(chunk);
    total += chunk.length;
  };
  const done = (): BodyRead =>
    over
      ? { kind: "too_large", bytes: options.truncate ? Buffer.concat(chunks) : null }
      : { kind: "complete", bytes: Buffer.concat(chunks) };

  if (codings.length === 0) {
    try {
      for await (const chunk of body) {
        collect(chunk as Buffer);
        if (over) break;
      }
    } finally {
      discardBody(body);
    }
    return done();
  }

  // Decoders applied in reverse order of the codings listed (RFC 9110 §8.4), built on the first
  // chunk (raw or wrapped deflate is told from it).
  let decoders: Transform[] | null = null;
  const failure: { error: Error | null } = { error: null };
  let settle: () => void = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const start = (first: Buffer): Transform[] => {
    const chain = [...codings].reverse().map((coding, i) => decoderFor(coding, i === 0 ? first : null));
    for (let i = 0; i + 1 < chain.length; i++) chain[i]!.pipe(chain[i + 1]!);
    for (const decoder of chain) {
      decoder.on("error", (error: Error) => {
        failure.error ??= error;
        settle();
      });
    }
    const last = chain[chain.length - 1]!;
    last.on("data", (chunk: Buffer) => {
      collect(chunk);
      if (over) settle();
    });
    last.on("end", settle);
    return chain;
  };
  let wire = 0;
  try {
    for await (const raw of body) {
      const chunk = raw as Buffer;
      wire += chunk.length;
      if (wire > options.maxBytes) {
        over = true;
        break;
      }
      decoders ??= start(chunk);
      const first = decoders[0]!;
      if (!first.write(chunk)) {
        await Promise.race([new Promise((resolve) => first.once("drain", resolve)), settled]);
      }
      if (over || failure.error) break;
    }
    if (!over && !failure.error && decoders) {
      decoders[0]!.end();
      await settled;
    }
  } finally {
    settle();
    for (const decoder of decoders ?? []) decoder.destroy();
    discardBody(body);
  }
  if (failure.error && !over) {
    return {
      kind: "bad_encoding",
      reason: `${codings.join(", ")} data does not decompress (${failure.error.message})`,
    };
  }
  return done();
}

/** The codings listed, `identity` dropped; a string names the first one not supported. */
function parseCodings(header: string | null): Coding[] | string {
  if (!header) return [];
  const codings: Coding[] = [];
  for (const raw of header.split(",")) {
    const coding = raw.trim().toLowerCase();
    if (coding === "" || coding === "identity") continue;
    if (coding === "gzip" || coding === "x-gzip") codings.push("gzip");
    else if (coding === "deflate") codings.push("deflate");
    else if (coding === "br") codings.push("br");
    else return `unsupported Content-Encoding "${coding}"`;
  }
  return codings;
}

/**
 * A decompressor. "deflate" is meant to be zlib-wrapped (RFC 9110 §8.4.1.2) but some servers send
 * raw deflate, which browsers accept too: the first two bytes tell them apart (a zlib header has
 * compression method 8 and is a multiple of 31).
 */
function decoderFor(coding: Coding, first: Buffer | null): Transform {
  // Truncated streams are common (a server that closes early): keep what decompressed.
  const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (coding === "gzip") return zlib.createGunzip(flush);
  if (coding === "br") {
    return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
  }
  const wrapped =
    first === null ||
    first.length < 2 ||
    ((first[0]! & 0x0f) === 8 && ((first[0]! << 8) | first[1]!) % 31 === 0);
  return wrapped ? zlib.createInflate(flush) : zlib.createInflateRaw(flush);
}

/**
 * Drops a body without reading it (a redirect's, an error page's, one too large). undici's body
 * emits "Request aborted" when destroyed unread; with no listener that would be an uncaught error.
 */
export function discardBody(body: Readable): void {
  body.on("error", () => {});
  body.destroy();
}
