/**
 * The language model over any OpenAI-compatible chat-completions endpoint (vLLM, llama.cpp server,
 * Ollama, hosted services): POST {LLM_URL}/chat/completions with the instruction and the text, the
 * answer's JSON Schema as `response_format: {type: "json_schema", json_schema: {name, schema,
 * strict: true}}`, temperature 0.
 *
 * Servers differ: some reject json_schema with 400 (older llama.cpp and Ollama builds want
 * `json_object`), some ignore response_format. On a 400 to json_schema this adapter asks again with
 * `{type: "json_object"}` and the schema written into the instruction, and keeps to json_object
 * afterwards; every reply is validated (chat-reply.ts) whatever the server promised.
 *
 * Bounds: every HTTP request is first asked of `question.mayRequest` (the job's budget), so a retry
 * or the fallback the budget refuses is not sent; one timeout per question (LLM_TIMEOUT_MS, retries
 * included, and the job's own deadline),
 * replies larger than MAX_REPLY_BYTES are dropped unread, at most MAX_RETRIES further attempts after
 * a 429, a 5xx or a dropped connection (Retry-After honoured up to 2 s). The URL is the operator's
 * (a llama.cpp server on the same machine is the usual case), so it is not put through the website
 * fetcher's SSRF guard: no URL from a page or a client ever reaches this adapter. The API key is
 * sent as a Bearer token and never written to a reason or a log.
 */
import { type TimeLimit, timeLimit } from "../abort/time-limit.js";
import { readChatReply } from "./chat-reply.js";
import type { LanguageModel, ModelAnswer, ModelQuestion } from "./language-model.js";

export interface OpenAiChatModelOptions {
  /** Base URL (`http://127.0.0.1:8080/v1`) or the full `…/chat/completions` URL. */
  url: string;
  model: string;
  /** Sent as `Authorization: Bearer …`; null sends none (local servers). */
  apiKey: string | null;
  /** Longest one question may take, retries included (ms). */
  timeoutMs: number;
  /** Further attempts after 429 / 5xx / a failed connection (default 2). */
  maxRetries?: number;
  /** Injected for tests; default global fetch (undici). */
  fetch?: typeof fetch;
  /** Injected for tests: waits between retries. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * A chat reply holding one small JSON answer is ~1 kB; 256 KiB leaves room for verbose servers
 * (logprobs, timings) while a misbehaving one cannot fill the thread's memory.
 */
export const MAX_REPLY_BYTES = 256 * 1024;
const MAX_RETRY_WAIT_MS = 2000;

/** `…/v1` → `…/v1/chat/completions`; a URL already naming the endpoint is kept. */
export function chatCompletionsUrl(base: string): string {
  const u = new URL(base);
  if (!/\/chat\/completions\/?$/.test(u.pathname))
    u.pathname = `${u.pathname.replace(/\/+$/, "")}/chat/completions`;
  return u.toString();
}

function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

async function readBounded(res: Response, limit: number): Promise<string | null> {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel();
    return null;
  }
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function estimateTokens(chars: number): number {
  // ~4 characters a token for English and most Latin-script text (OpenAI's rule of thumb); used only
  // when a server reports no `usage`, so that budgets still count something.
  return Math.ceil(chars / 4);
}

export class OpenAiChatModel implements LanguageModel {
  readonly model: string;
  private readonly endpoint: string;
  /** Switched to json_object for good once the server rejected json_schema. */
  private format: "json_schema" | "json_object" = "json_schema";

  constructor(private readonly options: OpenAiChatModelOptions) {
    this.model = options.model;
    this.endpoint = chatCompletionsUrl(options.url);
  }

  async ask(question: ModelQuestion): Promise<ModelAnswer> {
    const limit = timeLimit(this.options.timeoutMs, question.signal);
    try {
      return await this.askWithin(question, limit);
    } finally {
      limit.clear();
    }
  }

  private async askWithin(question: ModelQuestion, limit: TimeLimit): Promise<ModelAnswer> {
    const signal = limit.signal;
    const maxRetries = this.options.maxRetries ?? 2;
    const sleep = this.options.sleep ?? sleepFor;
    let requests = 0;
    let tokens = 0;
    const fail = (reason: string): ModelAnswer => ({ ok: false, reason, tokens, requests });
    let retries = 0;
    for (;;) {
      if (signal.aborted) return fail(limit.expired ? "no answer within the model's time limit" : "aborted");
      const format = this.format;
      // Every request, retries and the fallback included, is asked of the job's budget before it
      // is sent: LLM_MAX_REQUESTS_PER_JOB bounds HTTP requests, not questions.
      if (question.mayRequest && !question.mayRequest())
        return { ok: false, reason: "the model budget is spent", exhausted: true, tokens, requests };
      requests++;
      let res: Response;
      try {
        res = await (this.options.fetch ?? fetch)(this.endpoint, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json",
            ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
          },
          body: JSON.stringify(this.body(question, format)),
          signal,
        });
      } catch (error) {
        if (signal.aborted)
          return fail(limit.expired ? "no answer within the model's time limit" : "aborted");
        if (retries++ < maxRetries) {
          await sleep(250 * 2 ** (retries - 1), signal);
          continue;
        }
        return fail(`the model server could not be reached (${(error as Error).name})`);
      }
      let text: string | null;
      try {
        text = await readBounded(res, MAX_REPLY_BYTES);
      } catch {
        if (signal.aborted)
          return fail(limit.expired ? "no answer within the model's time limit" : "aborted");
        text = null;
      }
      if (res.status === 400 && format === "json_schema") {
        // The server does not take json_schema (llama.cpp before b3800, Ollama before 0.5): ask again.
        this.format = "json_object";
        continue;
      }
      if ((res.status === 429 || res.status >= 500) && retries < maxRetries) {
        retries++;
        const after = Number(res.headers.get("retry-after"));
        const wait = Number.isFinite(after) && after >= 0 ? after * 1000 : 250 * 2 ** (retries - 1);
        await sleep(Math.min(wait, MAX_RETRY_WAIT_MS), signal);
        continue;
      }
      if (res.status !== 200) return fail(`the model server answered HTTP ${res.status}`);
      if (text === null) return fail(`the model's reply is larger than ${MAX_REPLY_BYTES} bytes`);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return fail("the model server's reply is not JSON");
      }
      const reply = readChatReply(body, question.schema);
      tokens +=
        reply.tokens ?? estimateTokens(question.instruction.length + question.text.length + text.length / 2);
      if (!reply.ok) return fail(reply.reason);
      return { ok: true, value: reply.value, tokens, requests };
    }
  }

  private body(q: ModelQuestion, format: "json_schema" | "json_object"): Record<string, unknown> {
    const instruction =
      format === "json_schema"
        ? q.instruction
        : `${q.instruction}\nAnswer with one JSON object only, following this JSON Schema:\n${JSON.stringify(q.schema)}`;
    return {
      model: this.model,
      temperature: 0,
      max_tokens: q.maxTokens,
      messages: [
        { role: "system", content: instruction },
        { role: "user", content: q.text },
      ],
      response_format:
        format === "json_schema"
          ? { type: "json_schema", json_schema: { name: q.schemaName, schema: q.schema, strict: true } }
          : { type: "json_object" },
    };
  }
}
