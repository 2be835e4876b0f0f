import { describe, expect, it } from "vitest";
import { readChatReply } from "./chat-reply.js";
import { verifiedQuote } from "./quote-check.js";
import { CLOSURE_SCHEMA } from "./read-closure-notice.js";
import { OPENING_HOURS_SCHEMA } from "./read-opening-hours.js";

const reply = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  choices: [{ index: 0, message: { role: "assistant", refusal: null, ...message }, finish_reason: "stop" }],
  usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
  ...extra,
});

describe("readChatReply", () => {
  it("accepts content that is JSON following the schema, with the reported tokens", () => {
    const r = readChatReply(
      reply({ content: '{"status":"closed_permanently","quote":"We closed for good."}' }),
      CLOSURE_SCHEMA,
    );
    expect(r).toEqual({
      ok: true,
      value: { status: "closed_permanently", quote: "We closed for good." },
      tokens: 150,
    });
  });

  it("tolerates one code fence around the JSON (json_object servers)", () => {
    const r = readChatReply(reply({ content: '```json\n{"status":"open","quote":""}\n```' }), CLOSURE_SCHEMA);
    expect(r.ok).toBe(true);
  });

  it("refuses content that is not JSON", () => {
    const r = readChatReply(reply({ content: "The shop is closed permanently." }), CLOSURE_SCHEMA);
    expect(r).toMatchObject({ ok: false, reason: "the answer is not JSON", tokens: 150 });
  });

  it("refuses JSON that does not follow the schema", () => {
    const wrongEnum = readChatReply(reply({ content: '{"status":"shut","quote":"x"}' }), CLOSURE_SCHEMA);
    expect(wrongEnum.ok).toBe(false);
    expect(wrongEnum.ok ? "" : wrongEnum.reason).toContain("schema");
    const extra = readChatReply(reply({ content: '{"status":"open","quote":"","why":"x"}' }), CLOSURE_SCHEMA);
    expect(extra.ok).toBe(false);
    const badTime = readChatReply(
      reply({
        content: JSON.stringify({
          found: true,
          quote: "Mon 9 to 5",
          days: {
            Monday: "9-5",
            Tuesday: null,
            Wednesday: null,
            Thursday: null,
            Friday: null,
            Saturday: null,
            Sunday: null,
          },
        }),
      }),
      OPENING_HOURS_SCHEMA,
    );
    expect(badTime.ok).toBe(false);
  });

  it("refuses a refusal, a cut answer, and a body without choices", () => {
    expect(
      readChatReply(reply({ content: null, refusal: "I can't help with that." }), CLOSURE_SCHEMA),
    ).toMatchObject({
      ok: false,
      reason: "the model refused: I can't help with that.",
    });
    const cut = reply({ content: '{"status":"op' });
    (cut.choices[0] as Record<string, unknown>).finish_reason = "length";
    expect(readChatReply(cut, CLOSURE_SCHEMA).ok).toBe(false);
    expect(readChatReply({ error: { message: "x" } }, CLOSURE_SCHEMA)).toMatchObject({
      ok: false,
      tokens: null,
    });
    expect(readChatReply("text", CLOSURE_SCHEMA).ok).toBe(false);
  });

  it("adds prompt and completion tokens when total_tokens is missing", () => {
    const r = readChatReply(
      reply(
        { content: '{"status":"open","quote":""}' },
        { usage: { prompt_tokens: 10, completion_tokens: 5 } },
      ),
      CLOSURE_SCHEMA,
    );
    expect(r.tokens).toBe(15);
  });
});

describe("verifiedQuote", () => {
  const text = "Opening hours\nWe are open from nine in the morning\nuntil half past five.";
  it("keeps a quote found in the text, whitespace and case aside", () => {
    expect(verifiedQuote("we are open from nine in the morning until half past five", text)).toBe(
      "we are open from nine in the morning until half past five",
    );
  });
  it("drops a paraphrase, an invented sentence, a too short quote, a non-string", () => {
    expect(verifiedQuote("We open at 9 am and close at 5:30 pm", text)).toBeNull();
    expect(verifiedQuote("Open", text)).toBeNull();
    expect(verifiedQuote(42, text)).toBeNull();
  });
});
