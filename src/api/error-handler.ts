/** The one place where errors become HTTP responses (API.md §1). Never a stack trace on the wire. */
import type { FastifyError, FastifyInstance } from "fastify";
import { isStoreConflictError, isStoreUnavailableError } from "../store/errors.js";
import { clip } from "./echo.js";
import { ApiError } from "./errors.js";
import { ACCEPTED_CONTENT_TYPE } from "./json-body.js";
import { ajvErrorsToIssues, reportedIssues } from "./validation-issues.js";

/** `bodyLimitBytes` as the operator set it (BODY_LIMIT_MB is in MiB), and in bytes: "32 MiB, 33,554,432 bytes". */
function megabytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(2))} MiB, ${bytes.toLocaleString("en-US")} bytes`;
}

/** `limits.bodyLimitBytes`: the configured body limit, named in 413 answers. */
/**
 * The first element of a 422's `loc`, as the public API (FastAPI) names the request's parts; Fastify
 * calls them querystring, params and headers.
 */
const LOC_PART: Readonly<Record<string, string>> = {
  body: "body",
  querystring: "query",
  params: "path",
  headers: "header",
};

export function installErrorHandling(app: FastifyInstance, limits: { bodyLimitBytes: number }): void {
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ detail: `Not found: ${request.method} ${clip(request.url.split("?")[0]!, 200)}` });
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      if (error.headers) reply.headers(error.headers);
      if (error.issues) return reply.code(error.statusCode).send({ detail: reportedIssues(error.issues) });
      return reply.code(error.statusCode).send({ detail: error.message });
    }
    if (isStoreConflictError(error)) {
      return reply.code(409).send({ detail: error.message });
    }
    if (error.validation) {
      const part = LOC_PART[error.validationContext ?? "body"] ?? "body";
      const { issues, total } = ajvErrorsToIssues(part, error.validation);
      return reply.code(422).send({ detail: reportedIssues(issues, total) });
    }
    switch (error.code) {
      case "FST_ERR_CTP_BODY_TOO_LARGE":
        // The rest of the body is not read: the connection goes once the answer is out.
        return reply
          .code(413)
          .header("connection", "close")
          .send({
            detail:
              `Request body is too large: the limit is ${megabytes(limits.bodyLimitBytes)} (BODY_LIMIT_MB). ` +
              "Split the jobs into several requests with the same batch_id, or raise BODY_LIMIT_MB on the server.",
          });
      case "FST_ERR_CTP_INVALID_JSON_BODY":
      case "FST_ERR_CTP_EMPTY_JSON_BODY":
        return reply.code(400).send({ detail: `Malformed JSON body: ${error.message}` });
      case "FST_ERR_CTP_INVALID_MEDIA_TYPE": {
        const given = request.headers["content-type"];
        return reply.code(415).send({
          detail: `${given ? `Unsupported Content-Type "${given}"` : "Missing Content-Type"}: request bodies must be ${ACCEPTED_CONTENT_TYPE} (UTF-8).`,
        });
      }
    }
    if (error instanceof SyntaxError || error.statusCode === 400) {
      return reply.code(400).send({ detail: `Malformed request: ${clip(error.message, 300)}` });
    }
    if (isStoreUnavailableError(error)) {
      request.log.error({ err: error }, "database unavailable");
      return reply
        .code(503)
        .header("Retry-After", "5")
        .send({ detail: "Database unavailable, retry shortly" });
    }
    if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ detail: clip(error.message, 300) });
    }
    request.log.error({ err: error }, "unexpected error");
    return reply.code(500).send({ detail: "Internal server error", request_id: String(request.id) });
  });
}
