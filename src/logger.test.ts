import { describe, expect, it } from "vitest";
import { boundedLogLine, createServiceLogger, MAX_LOG_LINE } from "./logger.js";

describe("the service logger", () => {
  it("keeps a line that fits, replaces one that does not by a bounded line saying what it was", () => {
    const small = `${JSON.stringify({ level: 30, msg: "ok" })}\n`;
    expect(boundedLogLine(small)).toBe(small);
    const huge = `${JSON.stringify({ level: 50, time: 1, reqId: "r-1", msg: "boom", detail: "é".repeat(50_000) })}\n`;
    const bounded = boundedLogLine(huge);
    expect(Buffer.byteLength(bounded)).toBeLessThanOrEqual(MAX_LOG_LINE);
    expect(bounded.endsWith("\n")).toBe(true);
    expect(JSON.parse(bounded)).toMatchObject({
      level: 50,
      time: 1,
      reqId: "r-1",
      msg: "boom",
      truncated: true,
      bytes: Buffer.byteLength(huge),
    });
  });

  it("writes no line longer than MAX_LOG_LINE, whatever an error or a field holds", () => {
    const lines: string[] = [];
    const logger = createServiceLogger("info", { write: (line: string) => lines.push(line) });
    logger.error({ err: new Error("x".repeat(100_000)) }, "failed");
    logger.info({ input: "y".repeat(100_000) }, "echo");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LOG_LINE);
    // The error keeps its (clipped) message and type.
    expect(JSON.parse(lines[0]!).err).toMatchObject({
      type: "Error",
      message: expect.stringMatching(/^x{500}…$/),
    });
  });
});
