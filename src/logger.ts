/**
 * The service's logger: pino JSON lines on stdout at LOG_LEVEL, every line at most MAX_LOG_LINE
 * bytes (issue 12: under load a line must never grow with client input). Error messages and stacks
 * are clipped by the `err` serializer; a line that is still too long (a huge field somewhere) is
 * replaced, just before it is written, by one saying what it was: level, time, msg, request id and
 * its size, plus its first characters.
 */
import pino, { type DestinationStream, type Logger } from "pino";

/** Bytes a log line may take, newline included. */
export const MAX_LOG_LINE = 4096;

const MAX_ERROR_MESSAGE = 500;
const MAX_STACK = 2000;

function clipText(text: unknown, max: number): unknown {
  return typeof text === "string" && text.length > max ? `${text.slice(0, max)}…` : text;
}

/** pino's error serializer, with the message and the stack clipped. */
function clippedError(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  return {
    ...serialized,
    message: clipText(serialized.message, MAX_ERROR_MESSAGE),
    stack: clipText(serialized.stack, MAX_STACK),
  };
}

/** `line` when it fits MAX_LOG_LINE, else a line about it that does. */
export function boundedLogLine(line: string): string {
  if (Buffer.byteLength(line) <= MAX_LOG_LINE) return line;
  let entry: Record<string, unknown> = {};
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    // Not JSON: only its size and head are kept.
  }
  const replacement = {
    level: entry.level,
    time: entry.time,
    pid: entry.pid,
    hostname: entry.hostname,
    reqId: entry.reqId,
    msg: clipText(entry.msg, 200),
    truncated: true,
    bytes: Buffer.byteLength(line),
    head: "",
  };
  const room = MAX_LOG_LINE - Buffer.byteLength(JSON.stringify(replacement)) - 16;
  // Cut by characters, then trimmed until it fits in bytes (multi-byte text).
  let head = line.slice(0, Math.max(0, room));
  while (head.length > 0 && Buffer.byteLength(JSON.stringify({ ...replacement, head })) > MAX_LOG_LINE - 1) {
    head = head.slice(0, Math.floor(head.length * 0.9));
  }
  return `${JSON.stringify({ ...replacement, head })}\n`;
}

export function createServiceLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    serializers: { err: clippedError },
    hooks: { streamWrite: boundedLogLine },
  };
  return destination ? pino(options, destination) : pino(options);
}
