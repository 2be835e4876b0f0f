/** The five batch endpoints of the guide, plus rename and delete (API.md §3). */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import {
  isPublicAttributeKey,
  type PublicAttributeKey,
  reprocessAttributes,
} from "../../domain/attributes.js";
import { RateLimitRefusedError } from "../../store/errors.js";
import type { BatchRecord, ReprocessSelection } from "../../store/port.js";
import { checkedJobs } from "../batch-job-chunks.js";
import { readBatchView } from "../batch-view.js";
import type { ApiContext } from "../context.js";
import { ApiError } from "../errors.js";
import { includesMetadata } from "../include-query.js";
import { unknownAttributeMessage } from "../job-input.js";
import { sendJsonBytes } from "../json-text.js";
import { renderBatchListItem } from "../render.js";
import {
  BatchListResponseSchema,
  BatchParamsSchema,
  BatchResponseSchema,
  BatchStatusQuerySchema,
  CreateBatchBodySchema,
  CreateBatchEnvelopeSchema,
  ERROR_RESPONSES,
  IdempotencyHeadersSchema,
  IncludeQuerySchema,
  ListBatchesQuerySchema,
  MAX_JOBS_PER_REQUEST,
  NoContentSchema,
  OrgParamsSchema,
  PlaceJobSchema,
  RenameBatchBodySchema,
  ReprocessBodySchema,
  ReprocessResponseSchema,
} from "../schemas.js";
import { bodyValidationError, compileBodyValidator, envelopeValidatorCompiler } from "../validators.js";
import { checkWebhookUrl } from "../webhook-url.js";

export function batchRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store, config, clock } = ctx;

  /**
   * The batch view as UTF-8 JSON (see renderBatchJson); the statistics query runs only when `metadata`
   * was asked for. `extra(batch)` adds fields after the view's own.
   */
  async function batchViewJson(
    orgId: string,
    batchId: string,
    withMetadata: boolean,
    extra?: (batch: BatchRecord) => Promise<Record<string, unknown>>,
  ): Promise<Buffer> {
    const view = await readBatchView(store, config.batchFailedThreshold, orgId, batchId, withMetadata, extra);
    if (!view) throw ApiError.notFound(`Batch not found: ${batchId}`);
    return view.json;
  }

  const validateJob = compileBodyValidator(PlaceJobSchema);
  const validateCreateBody = compileBodyValidator(CreateBatchBodySchema);

  /**
   * `error`, or the body's schema errors when it has any: fastify validated the whole body before the
   * query string, the headers and the Idempotency-Key claim, so a job against the schema was the
   * answer over their problems; the jobs are checked later now (batch-job-chunks.ts), and this keeps
   * that answer. Only requests that fail pay for the check.
   */
  function bodyErrorsFirst(body: unknown, error: unknown): unknown {
    return body === undefined || validateCreateBody(body)
      ? error
      : bodyValidationError(validateCreateBody.errors);
  }

  return async (app) => {
    app.post(
      "/batches",
      {
        schema: {
          summary: "Create a batch, or append jobs to an existing batch_id",
          tags: ["batches"],
          params: OrgParamsSchema,
          querystring: IncludeQuerySchema,
          headers: IdempotencyHeadersSchema,
          body: CreateBatchBodySchema,
          response: { 200: BatchResponseSchema, ...ERROR_RESPONSES },
        },
        // The jobs are checked by the handler, chunk by chunk while the first ones are stored
        // (batch-job-chunks.ts); the schema above is the contract, and a bad envelope a 422 of it all.
        validatorCompiler: envelopeValidatorCompiler(CreateBatchEnvelopeSchema),
        errorHandler: (error, request) => {
          const context = (error as { validationContext?: string }).validationContext;
          throw context === "querystring" || context === "headers"
            ? bodyErrorsFirst(request.body, error)
            : error;
        },
        ...ctx.idempotency,
        preHandler: async (request, reply) => {
          try {
            return await ctx.idempotency.preHandler(request, reply);
          } catch (error) {
            throw bodyErrorsFirst(request.body, error);
          }
        },
        // The 50,000 limit is a 400 (guide), not a schema 422; check it before validating 50,001 jobs;
        // likewise the org's jobs per hour when the request alone passes it.
        preValidation: async (request) => {
          const jobs = (request.body as { jobs?: unknown } | null)?.jobs;
          if (Array.isArray(jobs) && jobs.length > MAX_JOBS_PER_REQUEST) {
            throw ApiError.badRequest(
              `Too many jobs: ${jobs.length} in one request, the maximum is ${MAX_JOBS_PER_REQUEST}. Split the places into several requests (repeat the same batch_id to append).`,
              "batch_too_large",
            );
          }
          // More jobs than the org's whole hour: refused before anything is checked or written.
          const tooMany = Array.isArray(jobs) ? ctx.limiter.moreThanAnHour(request.org, jobs.length) : null;
          if (tooMany) throw tooMany;
        },
      },
      async (request, reply) => {
        const org = request.org;
        const body = request.body;
        const withMetadata = includesMetadata(request.query.include);
        const jobs = await checkedJobs(body.jobs, {
          validateJob,
          invalidBody: () => {
            validateCreateBody(body);
            return bodyValidationError(validateCreateBody.errors);
          },
          // The URL's issue first: a 422 lists at most 100, and 50,000 jobs may fill them.
          earlierIssues: checkWebhookUrl(body.webhook_url, ["body", "webhook_url"]),
          defaults: { attributes: body.attributes, attribute_set: body.attribute_set, refresh: body.refresh },
        });
        const count = body.jobs.length;
        const kickOff = body.kick_off_jobs_now !== false;
        const now = clock.now();
        let accepted: Awaited<ReturnType<typeof store.createOrAppendBatch>>;
        try {
          accepted = await store.createOrAppendBatch({
            orgId: org.orgId,
            // A retry with the same Idempotency-Key gets the id of the first attempt.
            batchId: body.batch_id ?? request.idempotency?.resourceId ?? ctx.newId(),
            batchName: body.batch_name,
            jobs,
            kickOff,
            ...(body.webhook_url !== undefined ? { webhookUrl: body.webhook_url } : {}),
            // Counted with the jobs, once all are checked: a refused or failed request costs nothing.
            countHits: ctx.limiter.jobHits(org, count),
            now,
          });
        } catch (error) {
          if (error instanceof RateLimitRefusedError) {
            throw ctx.limiter.jobsRefused(org, count, error.states[0]!, now);
          }
          throw error;
        }
        const { batch, created } = accepted;
        request.log.info(
          {
            org: org.orgSlug,
            batch_id: batch.id,
            jobs: count,
            action: created ? "created" : "appended",
          },
          "batch accepted",
        );
        // The view is read before the in-process workers are woken, so they do not race it on our
        // account; a worker already polling (here or in another process) may have claimed some of the
        // jobs meanwhile — a SQLite worker's claim waits for a large batch's write and runs right
        // after it — and the answer then shows them in progress, as they are.
        const view = await batchViewJson(org.orgId, batch.id, withMetadata);
        if (kickOff) ctx.onWorkQueued();
        return sendJsonBytes(reply, view);
      },
    );

    app.get(
      "/batches/:batch_id",
      {
        schema: {
          summary: "Batch status: place ids grouped by job status, counts and fill rates",
          tags: ["batches"],
          params: BatchParamsSchema,
          querystring: BatchStatusQuerySchema,
          response: { 200: BatchResponseSchema, ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const org = request.org;
        const withMetadata = includesMetadata(request.query.include);
        const enrichments = request.query.enrichments;
        const wanted = (enrichments ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        const unknown = wanted.filter((a) => !isPublicAttributeKey(a));
        if (unknown.length > 0) {
          throw ApiError.validation(
            unknown.map((a) => ({
              loc: ["query", "enrichments"],
              msg: unknownAttributeMessage(a),
              type: "enum",
            })),
          );
        }
        const view = () =>
          batchViewJson(
            org.orgId,
            request.params.batch_id,
            withMetadata,
            enrichments === undefined
              ? undefined
              : async (batch) => ({
                  attribute_statuses: await store.batchAttributeStatusesJson(batch.pk, [
                    ...new Set(wanted),
                  ] as PublicAttributeKey[]),
                }),
          );
        // The plain status is cheap and cached; statistics and attribute statuses take their turn.
        const costly = withMetadata || enrichments !== undefined;
        return sendJsonBytes(reply, costly ? await ctx.statisticsReads.run(org.orgId, view) : await view());
      },
    );

    app.post(
      "/batches/:batch_id/reprocess",
      {
        schema: {
          summary: "Re-queue a batch's jobs (failed only by default)",
          tags: ["batches"],
          params: BatchParamsSchema,
          headers: IdempotencyHeadersSchema,
          body: ReprocessBodySchema,
          response: { 200: ReprocessResponseSchema, ...ERROR_RESPONSES },
        },
        // The body "may be {}" (API.md §3.4): no body at all means the same.
        preValidation: async (request) => {
          if (request.body === undefined || request.body === null) request.body = {};
        },
        ...ctx.idempotency,
      },
      async (request) => {
        const org = request.org;
        const batch = await store.getBatch(org.orgId, request.params.batch_id);
        if (!batch) throw ApiError.notFound(`Batch not found: ${request.params.batch_id}`);
        const body = request.body ?? {};
        const failedOnly = body.failed_only ?? true;
        const incompleteOnly = body.incomplete_only ?? false;
        // Both flags: everything that has not completed (failed_only defaults to true, so a client
        // sending only incomplete_only=true must not lose the incomplete jobs).
        const selection: ReprocessSelection =
          failedOnly && incompleteOnly
            ? "unfinished"
            : failedOnly
              ? "failed"
              : incompleteOnly
                ? "incomplete"
                : "all";
        const overrides = reprocessAttributes(body.attributes, body.attribute_set);
        const now = clock.now();
        let count: number;
        try {
          count = await store.reprocessBatch({
            orgId: org.orgId,
            batchPk: batch.pk,
            selection,
            refresh: body.refresh ?? false,
            attributes: overrides,
            now,
            // Counted with the re-queue, in its transaction: over the hour, nothing is re-queued.
            countJobs: ctx.limiter.jobHits(org, 1)[0],
          });
        } catch (error) {
          if (error instanceof RateLimitRefusedError)
            throw ctx.limiter.jobsRefused(org, error.costs[0] ?? 0, error.states[0]!, now, "reprocess");
          throw error;
        }
        if (count === 0) throw ApiError.badRequest("No jobs found in batch", "no_jobs_selected");
        ctx.onWorkQueued();
        request.log.info(
          { org: org.orgSlug, batch_id: batch.id, jobs: count, selection, refresh: body.refresh ?? false },
          "batch reprocessed",
        );
        return {
          status: "success" as const,
          message: `Reprocessing ${count} job${count === 1 ? "" : "s"}`,
          job_count: count,
          batch_id: batch.id,
        };
      },
    );

    app.get(
      "/batches",
      {
        schema: {
          summary: "List batches, newest first",
          tags: ["batches"],
          params: OrgParamsSchema,
          querystring: ListBatchesQuerySchema,
          response: { 200: BatchListResponseSchema, ...ERROR_RESPONSES },
        },
      },
      async (request) => {
        const org = request.org;
        const { limit, offset, query } = request.query;
        const withMetadata = includesMetadata(request.query.include);
        const page = await store.listBatches(org.orgId, { limit, offset, query });
        // One query for the page's webhooks, only when metadata was asked for.
        const webhooks = new Map(
          (withMetadata ? await store.getBatchWebhooks(page.batches.map((b) => b.batch.pk)) : []).map((w) => [
            w.batchPk,
            w,
          ]),
        );
        return {
          batches: page.batches.map((b) =>
            renderBatchListItem(
              b.batch,
              b.counts,
              config.batchFailedThreshold,
              withMetadata,
              webhooks.get(b.batch.pk) ?? null,
            ),
          ),
          total: page.total,
          limit,
          offset,
        };
      },
    );

    app.put(
      "/batches/:batch_id",
      {
        schema: {
          summary: "Rename a batch",
          tags: ["batches"],
          params: BatchParamsSchema,
          querystring: IncludeQuerySchema,
          body: RenameBatchBodySchema,
          response: { 200: BatchResponseSchema, ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const org = request.org;
        const { batch_id } = request.params;
        const withMetadata = includesMetadata(request.query.include);
        if (request.body.batch_name !== undefined) {
          const renamed = await store.renameBatch(org.orgId, batch_id, request.body.batch_name, clock.now());
          if (!renamed) throw ApiError.notFound(`Batch not found: ${batch_id}`);
          request.log.info({ org: org.orgSlug, batch_id }, "batch renamed");
        }
        return sendJsonBytes(reply, await batchViewJson(org.orgId, batch_id, withMetadata));
      },
    );

    app.delete(
      "/batches/:batch_id",
      {
        schema: {
          summary: "Delete a batch and its jobs",
          tags: ["batches"],
          params: BatchParamsSchema,
          response: { 204: NoContentSchema, ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const org = request.org;
        const deleted = await store.deleteBatch(org.orgId, request.params.batch_id);
        if (!deleted) throw ApiError.notFound(`Batch not found: ${request.params.batch_id}`);
        request.log.info({ org: org.orgSlug, batch_id: request.params.batch_id }, "batch deleted");
        return reply.code(204).send(null);
      },
    );
  };
}
