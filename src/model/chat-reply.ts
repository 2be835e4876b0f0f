/**
 * One chat-completions reply body → the task's answer, or why there is none.
 *
 * The reply must be the API's shape: `choices[0].message.content` holding the answer as a JSON string.
 * No answer when: the body is not that shape; the model refused (`message.refusal`, set by servers
 * that implement strict structured outputs); the answer was cut (`finish_reason: "length"`, its JSON
 * is incomplete); the content is not JSON; or it does not follow the task's schema (Ajv). One code
 * fence around the JSON is tolerated: servers asked for `json_object` without a grammar (some Ollama
 * and llama.cpp builds) often wrap it in ```json … ```.
 */
import Ajv, { type ValidateFunction } from "ajv";
import type { JsonSchema } from "./language-model.js";

export type ParsedReply =
  | { ok: true; value: unknown; tokens: number | null }
  | { ok: false; reason: string; tokens: number | null };

const ajv = new Ajv.default({ allErrors: false, strict: false });
const validators = new Map<string, ValidateFunction>();

/** The compiled validator of a schema (compiled once per thread: the schemas are module constants). */
export function validatorOf(schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  let v = validators.get(key);
  if (!v) {
    v = ajv.compile(schema);
    validators.set(key, v);
  }
  return v;
}

function tokensOf(body: Record<string, unknown>): number | null {
  const usage = body.usage as Record<string, unknown> | undefined;
  if (!usage || typeof usage !== "object") return null;
  if (typeof usage.total_tokens === "number" && Number.isFinite(usage.total_tokens))
    return usage.total_tokens;
  const p = usage.prompt_tokens;
  const c = usage.completion_tokens;
  if (typeof p === "number" && typeof c === "number") return p + c;
  return null;
}

const FENCE = /^```(?:json)?\s*\n?([\s\S]*?)\n?```$/;

/** Reads a reply body (already parsed from JSON) against the schema. Never throws. */
export function readChatReply(body: unknown, schema: JsonSchema): ParsedReply {
  if (!body || typeof body !== "object" || Array.isArray(body))
    return { ok: false, reason: "reply is not a JSON object", tokens: null };
  const b = body as Record<string, unknown>;
  const tokens = tokensOf(b);
  const choice = Array.isArray(b.choices) ? (b.choices[0] as Record<string, unknown> | undefined) : undefined;
  const message = choice?.message as Record<string, unknown> | undefined;
  if (!message || typeof message !== "object")
    return { ok: false, reason: "reply has no choices[0].message", tokens };
  if (typeof message.refusal === "string" && message.refusal.length > 0)
    return { ok: false, reason: `the model refused: ${message.refusal.slice(0, 120)}`, tokens };
  if (choice?.finish_reason === "length")
    return { ok: false, reason: "the answer was cut at its token limit", tokens };
  if (typeof message.content !== "string" || message.content.trim() === "")
    return { ok: false, reason: "reply has no content", tokens };
  let text = message.content.trim();
  const fenced = FENCE.exec(text);
  if (fenced) text = fenced[1]!.trim();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "the answer is not JSON", tokens };
  }
  const validate = validatorOf(schema);
  if (!validate(value)) {
    const e = validate.errors?.[0];
    return {
      ok: false,
      reason: `the answer does not follow its schema (${e ? `${e.instancePath || "/"} ${e.message}` : "invalid"})`,
      tokens,
    };
  }
  return { ok: true, value, tokens };
}
