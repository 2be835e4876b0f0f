/**
 * A chat-completions server on loopback that answers exactly as the OpenAI API does
 * (`POST /v1/chat/completions` → `{id, object: "chat.completion", created, model, choices: [{index,
 * message: {role, content, refusal}, finish_reason}], usage: {prompt_tokens, completion_tokens,
 * total_tokens}}`), with the answer chosen per request by the test (`answer`), for the model tests.
 *
 * Misbehaviours: a 400 to `response_format.type = "json_schema"` (`rejectJsonSchema`, as llama.cpp
 * and Ollama builds without it answer), content that is not JSON, a refusal, an answer cut at its
 * token limit, an HTTP status, and never answering (`hang`). Every request is logged (`requests`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ChatRequestBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
  max_tokens?: number;
  temperature?: number;
}

export type FixtureAnswer =
  | { content: string; finishReason?: "stop" | "length" }
  | { json: unknown }
  | { refusal: string }
  | { status: number; body?: string; headers?: Record<string, string> }
  | { hang: true };

export interface LoggedChatRequest {
  body: ChatRequestBody;
  authorization: string | undefined;
}

export interface ChatFixtureServer {
  /** `http://127.0.0.1:PORT/v1`, what LLM_URL is set to. */
  url: string;
  requests: LoggedChatRequest[];
  /** Chooses the answer of each request (default: `{status: 500}`). */
  answer: (body: ChatRequestBody, index: number) => FixtureAnswer;
  rejectJsonSchema: boolean;
  /** Tokens reported per request: prompt = characters / 4, completion = content characters / 4. */
  close(): Promise<void>;
}

export async function startChatFixtureServer(): Promise<ChatFixtureServer> {
  const sockets = new Set<Socket>();
  let count = 0;
  const state: ChatFixtureServer = {
    url: "",
    requests: [],
    answer: () => ({ status: 500 }),
    rejectJsonSchema: false,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
        return;
      }
      let body: ChatRequestBody;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatRequestBody;
      } catch {
        res.writeHead(400, { "content-type": "application/json" }).end('{"error":{"message":"bad json"}}');
        return;
      }
      state.requests.push({ body, authorization: req.headers.authorization });
      if (state.rejectJsonSchema && body.response_format?.type === "json_schema") {
        res.writeHead(400, { "content-type": "application/json" }).end(
          JSON.stringify({
            error: {
              message: "response_format type json_schema is not supported",
              type: "invalid_request_error",
            },
          }),
        );
        return;
      }
      const answer = state.answer(body, count++);
      if ("hang" in answer) return; // never answers; the client's timeout ends it
      if ("status" in answer) {
        res
          .writeHead(answer.status, { "content-type": "application/json", ...(answer.headers ?? {}) })
          .end(answer.body ?? '{"error":{"message":"fixture error"}}');
        return;
      }
      const content =
        "json" in answer ? JSON.stringify(answer.json) : "content" in answer ? answer.content : null;
      const refusal = "refusal" in answer ? answer.refusal : null;
      const promptChars = body.messages.reduce((n, m) => n + m.content.length, 0);
      const prompt = Math.ceil(promptChars / 4);
      const completion = Math.ceil((content ?? refusal ?? "").length / 4);
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: `chatcmpl-fixture-${count}`,
          object: "chat.completion",
          created: 1_764_460_800,
          model: body.model,
          choices: [
            {
              index: 0,
              message: { role: "assistant", content, refusal },
              logprobs: null,
              finish_reason: "content" in answer && answer.finishReason ? answer.finishReason : "stop",
            },
          ],
          usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
        }),
      );
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}
