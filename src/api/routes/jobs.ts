/** Job results (paged), single jobs outside batches, and synchronous enrichment (API.md §3). */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { enrichableAttributes, reprocessAttributes } from "../../domain/attributes.js";
import { renderJob } from "../../domain/job-result-view.js";
import type { PlaceJobResult } from "../../domain/place.js";
import { RateLimitRefusedError } from "../../store/errors.js";
import type { JobRecord } from "../../store/port.js";
import type { ApiContext } from "../context.js";
import { ApiError } from "../errors.js";
import { checkSingleJob, toNewJob } from "../job-input.js";
import { sendJsonBytes } from "../json-text.js";
import {
  EnqueuedJobResponseSchema,
  ERROR_RESPONSES,
  IdempotencyHeadersSchema,
  JobsPageResponseSchema,
  JobsQuerySchema,
  NoContentSchema,
  OrgParamsSchema,
  PlaceJobResultSchema,
  PlaceJobSchema,
  PlaceParamsSchema,
  ReprocessPlacesBodySchema,
  ReprocessPlacesResponseSchema,
} from "../schemas.js";

export function jobRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store, clock } = ctx;
  return async (app) => {
    app.get(
      "/jobs",
      {
        schema: {
          summary: "Job results of a batch (or of the org), in submission order",
          tags: ["jobs"],
          params: OrgParamsSchema,
          querystring: JobsQuerySchema,
          response: { 200: JobsPageResponseSchema, ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const { batchId, limit, offset, excludeBatches } = request.query;
        let batchPk: number | undefined;
        if (batchId !== undefined) {
          const batch = await store.getBatch(request.org.orgId, batchId);
          if (!batch) throw ApiError.notFound(`Batch not found: ${batchId}`);
          batchPk = batch.pk;
        }
        const body = await ctx.pageReads.run(request.org.orgId, () =>
          store.jobsPageJson({
            orgId: request.org.orgId,
            batchPk,
            excludeBatches: batchPk === undefined && excludeBatches === true,
            limit,
            offset,
          }),
        );
        return sendJsonBytes(reply, body);
      },
    );

    app.post(
      "/jobs",
      {
        schema: {
          summary: "Enqueue one job outside any batch",
          tags: ["jobs"],
          params: OrgParamsSchema,
          headers: IdempotencyHeadersSchema,
          body: PlaceJobSchema,
          response: { 202: EnqueuedJobResponseSchema, ...ERROR_RESPONSES },
        },
        ...ctx.idempotency,
      },
      async (request, reply) => {
        const issues = checkSingleJob(request.body);
        if (issues.length > 0) throw ApiError.validation(issues);
        await ctx.limiter.admitJobs(request.org, 1);
        const job = await store.createStandaloneJob(
          request.org.orgId,
          toNewJob(request.body, {}),
          clock.now(),
        );
        ctx.onWorkQueued();
        return reply
          .code(202)
          .send({ place_id: job.placeId, inputs: job.inputs, status: "pending" as const });
      },
    );

    app.post(
      "/jobs/reprocess",
      {
        schema: {
          summary: "Re-queue the most recent job of each place_id (batch or standalone)",
          description:
            "Unknown place_ids are listed in `not_found` and do not fail the request; 400 when none of them has a job.",
          tags: ["jobs"],
          params: OrgParamsSchema,
          headers: IdempotencyHeadersSchema,
          body: ReprocessPlacesBodySchema,
          response: { 200: ReprocessPlacesResponseSchema, ...ERROR_RESPONSES },
        },
        ...ctx.idempotency,
      },
      async (request) => {
        const body = request.body;
        const overrides = reprocessAttributes(body.attributes, body.attribute_set);
        const now = clock.now();
        let reprocessed: Awaited<ReturnType<typeof store.reprocessPlaces>>;
        try {
          reprocessed = await store.reprocessPlaces({
            orgId: request.org.orgId,
            placeIds: body.place_ids,
            refresh: body.refresh ?? false,
            attributes: overrides,
            now,
            // Counted with the re-queue, in its transaction: over the hour, nothing is re-queued.
            countJobs: ctx.limiter.jobHits(request.org, 1)[0],
          });
        } catch (error) {
          if (error instanceof RateLimitRefusedError)
            throw ctx.limiter.jobsRefused(
              request.org,
              error.costs[0] ?? 0,
              error.states[0]!,
              now,
              "reprocess",
            );
          throw error;
        }
        const { requeued, notFound } = reprocessed;
        if (requeued.length === 0) {
          throw ApiError.badRequest(
            `No jobs found for the given place_ids (${notFound.length} unknown)`,
            "no_jobs_selected",
          );
        }
        ctx.onWorkQueued();
        const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
        const unknown = notFound.length > 0 ? `; ${plural(notFound.length, "place_id")} not found` : "";
        return {
          status: "success" as const,
          message: `Reprocessing ${plural(requeued.length, "job")}${unknown}`,
          job_count: requeued.length,
          place_ids: requeued,
          not_found: notFound,
        };
      },
    );

    app.get(
      "/jobs/:place_id",
      {
        schema: {
          summary: "The most recent job with this place_id",
          tags: ["jobs"],
          params: PlaceParamsSchema,
          response: { 200: PlaceJobResultSchema, ...ERROR_RESPONSES },
        },
      },
      async (request) => {
        const job = await store.getLatestJob(request.org.orgId, request.params.place_id);
        if (!job) throw ApiError.notFound(`Job not found: ${request.params.place_id}`);
        return renderJob(job);
      },
    );

    app.delete(
      "/jobs/:place_id",
      {
        schema: {
          summary: "Delete the most recent job with this place_id",
          tags: ["jobs"],
          params: PlaceParamsSchema,
          response: { 204: NoContentSchema, ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const deleted = await store.deleteLatestJob(request.org.orgId, request.params.place_id, clock.now());
        if (!deleted) throw ApiError.notFound(`Job not found: ${request.params.place_id}`);
        return reply.code(204).send(null);
      },
    );

    app.post(
      "/enrich",
      {
        schema: {
          summary: "Enrich one place synchronously",
          tags: ["jobs"],
          params: OrgParamsSchema,
          body: PlaceJobSchema,
          response: { 200: PlaceJobResultSchema, ...ERROR_RESPONSES },
        },
      },
      async (request) => {
        const issues = checkSingleJob(request.body);
        if (issues.length > 0) throw ApiError.validation(issues);
        // A job like any other: counted in the org's jobs per hour (break-it trial: it was not).
        await ctx.limiter.admitJobs(request.org, 1);
        const job = toNewJob(request.body, {});
        const now = clock.now();
        const outcome = await ctx.processor.process([
          {
            pk: 0,
            orgId: request.org.orgId,
            placeId: job.placeId,
            inputs: job.inputs,
            attributes: enrichableAttributes(job.attributes),
            requestedAttributes: job.attributes,
            refresh: job.refresh,
            attempts: 1,
            prefilled: job.prefilled ?? null,
            batchPk: null,
          },
        ]);
        const completed = outcome.completed[0];
        // Rendered by the enrichment thread as a batch job's view is (job-processor.ts).
        if (completed?.view !== undefined) return JSON.parse(completed.view) as PlaceJobResult;
        const failure = outcome.failed[0];
        const record: JobRecord = {
          pk: 0,
          orgId: request.org.orgId,
          batchPk: null,
          placeId: job.placeId,
          status: completed ? "completed" : "failed",
          inputs: job.inputs,
          attributes: job.attributes,
          refresh: job.refresh,
          attempts: 1,
          result: completed?.result ?? null,
          // A failure reports the attributes it reached, as a batch job's last attempt does (a
          // rate-limited search: the website attributes ERROR); there is no retry here to wait for.
          attributeStatus: completed?.attributeStatus ?? failure?.attributeStatus ?? null,
          error: failure?.error ?? null,
          createdAt: now,
          updatedAt: now,
        };
        return renderJob(record);
      },
    );
  };
}
