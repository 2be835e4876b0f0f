/**
 * The language model port (issue 11, part 3): one structured question, one validated answer.
 *
 * A task (read-opening-hours.ts, read-closure-notice.ts, judge-site.ts) sends a short instruction,
 * the text to read and the JSON Schema its answer must follow; the model adapter
 * (openai-chat-model.ts) asks the server, parses the reply and validates it against the schema.
 * Anything else than a valid answer — invalid JSON, a schema mismatch, a refusal, a timeout, an HTTP
 * error — is `ok: false`: the caller treats it as no evidence, never as an error of the job.
 */

/** A JSON Schema (draft 2020-12 / the subset OpenAI's strict structured outputs accept). */
export type JsonSchema = Record<string, unknown>;

export interface ModelQuestion {
  /** Short name of the answer's schema (`[a-zA-Z0-9_-]{1,64}`), sent as `json_schema.name`. */
  schemaName: string;
  schema: JsonSchema;
  /** The instruction (system message). */
  instruction: string;
  /** The text to read (user message); the task has already cut it to its bound. */
  text: string;
  /** Most completion tokens the answer may take. */
  maxTokens: number;
  /** The job's deadline: aborts the request (then `ok: false`, reason "aborted"). */
  signal?: AbortSignal;
  /**
   * Asked before every HTTP request, the first, each retry and the json_object fallback alike
   * (budgeted-ask.ts: the job's budget); false → that request is not sent and the answer is
   * `ok: false, exhausted: true`. Absent: every request may be sent.
   */
  mayRequest?: () => boolean;
}

export type ModelAnswer =
  | { ok: true; value: unknown; tokens: number; requests: number }
  | {
      ok: false;
      /** Why there is no answer, one line (never the API key, never the whole reply). */
      reason: string;
      /** Tokens the server reported (or estimated) even for an unusable answer: they were spent. */
      tokens: number;
      /** HTTP requests made (retries and the json_object fallback included). */
      requests: number;
      /** A request was refused by `mayRequest` (the job's model budget is spent). */
      exhausted?: boolean;
    };

export interface LanguageModel {
  /** The model's name as configured (LLM_MODEL), for the reasoning and metadata. */
  readonly model: string;
  ask(question: ModelQuestion): Promise<ModelAnswer>;
  close?(): Promise<void>;
}
