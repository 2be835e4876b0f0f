/** The one place where errors become HTTP responses (API.md §1). Never a stack trace on the wire. */
import type { FastifyError, FastifyInstance } from "fastify";
import { isStoreConflictError, isStoreUnavailableError } from "../store/errors.js";
import { ApiError } from "./errors.js";
import { ajvErrorsToIssues } from "./validation-issues.js";

export function installErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ detail: `Not found: ${request.method} ${request.url.split("?")[0]}` });
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      if (error.issues) return reply.code(error.statusCode).send({ detail: error.issues });
      return reply.code(error.statusCode).send({ detail: error.message });
    }
    if (isStoreConflictError(error)) {
      return reply.code(409).send({ detail: error.message });
    }
    if (error.validation) {
      const part = error.validationContext ?? "body";
      return reply.code(422).send({ detail: ajvErrorsToIssues(part, error.validation) });
    }
    switch (error.code) {
      case "FST_ERR_CTP_BODY_TOO_LARGE":
        return reply.code(413).send({ detail: "Request body is too large" });
      case "FST_ERR_CTP_INVALID_JSON_BODY":
      case "FST_ERR_CTP_EMPTY_JSON_BODY":
        return reply.code(400).send({ detail: `Malformed JSON body: ${error.message}` });
      case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
        return reply.code(415).send({ detail: "Content-Type must be application/json" });
    }
    if (error instanceof SyntaxError || error.statusCode === 400) {
      return reply.code(400).send({ detail: `Malformed request: ${error.message}` });
    }
    if (isStoreUnavailableError(error)) {
      request.log.error({ err: error }, "database unavailable");
      return reply
        .code(503)
        .header("Retry-After", "5")
        .send({ detail: "Database unavailable, retry shortly" });
    }
    if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ detail: error.message });
    }
    request.log.error({ err: error }, "unexpected error");
    return reply.code(500).send({ detail: "Internal server error", request_id: String(request.id) });
  });
}
