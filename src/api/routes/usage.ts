/**
 * GET /v1/{org}/usage (this service's extension, issue 11): the organization's use of limited
 * services — web searches, language model requests and tokens — today (UTC) and on recent days,
 * with its daily limits (its own overrides, else the configured defaults; null = no limit) and what
 * is left today. Authenticated like every org route: a key sees its own org only.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { UsageCounts } from "../../store/port.js";
import { utcDay } from "../../store/usage-day.js";
import { effectiveDailyLimits } from "../../worker/job-allowance.js";
import type { ApiContext } from "../context.js";
import { ERROR_RESPONSES, OrgParamsSchema } from "../schemas.js";

const Count = Type.Integer({ minimum: 0 });
const UsageSchema = Type.Object({
  searches: Count,
  model_requests: Count,
  model_tokens: Count,
});
const LimitSchema = Type.Union([Count, Type.Null()], { description: "null: no limit" });
const LimitsSchema = Type.Object({
  searches: LimitSchema,
  model_requests: LimitSchema,
  model_tokens: LimitSchema,
});

export const UsageQuerySchema = Type.Object({
  days: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 90, default: 7, description: "UTC days to list, today included" }),
  ),
});

export const UsageResponseSchema = Type.Object(
  {
    org: Type.String(),
    date: Type.String({ description: "today, UTC (YYYY-MM-DD)", examples: ["2026-11-30"] }),
    usage: UsageSchema,
    limits: LimitsSchema,
    remaining: LimitsSchema,
    days: Type.Array(Type.Object({ date: Type.String(), usage: UsageSchema }), {
      description: "recent days with any usage, newest first",
    }),
  },
  {
    description: "Usage of limited services (this service's extension)",
    examples: [
      {
        org: "demo",
        date: "2026-11-30",
        usage: { searches: 0, model_requests: 412, model_tokens: 231_870 },
        limits: { searches: null, model_requests: 1000, model_tokens: null },
        remaining: { searches: null, model_requests: 588, model_tokens: null },
        days: [
          { date: "2026-11-30", usage: { searches: 0, model_requests: 412, model_tokens: 231_870 } },
          { date: "2026-11-29", usage: { searches: 0, model_requests: 1000, model_tokens: 561_204 } },
        ],
      },
    ],
  },
);

const ZERO: UsageCounts = { searches: 0, modelRequests: 0, modelTokens: 0 };
const wire = (u: UsageCounts) => ({
  searches: u.searches,
  model_requests: u.modelRequests,
  model_tokens: u.modelTokens,
});

export function usageRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/usage",
      {
        schema: {
          summary: "Usage of limited services (web searches, language model) and daily budgets",
          description:
            "This service's extension, not part of the batch API. Counts are per UTC day; limits come from the organization's overrides (`place-enrich orgs limits`) or the configured defaults (SEARCH_DAILY_BUDGET, LLM_DAILY_REQUEST_BUDGET, LLM_DAILY_TOKEN_BUDGET); null means no limit.",
          tags: ["usage"],
          params: OrgParamsSchema,
          querystring: UsageQuerySchema,
          response: { 200: UsageResponseSchema, ...ERROR_RESPONSES },
        },
      },
      async (request) => {
        const now = ctx.clock.now();
        const today = utcDay(now);
        const days = await ctx.store.listOrgUsage({
          orgId: request.org.orgId,
          now,
          days: request.query.days ?? 7,
        });
        const todays = days.find((d) => d.day === today)?.usage ?? ZERO;
        const limits = effectiveDailyLimits(ctx.config.budgets, request.org.orgLimits);
        const limit = (n: number) => (n > 0 ? n : null);
        const left = (n: number, used: number) => (n > 0 ? Math.max(0, n - used) : null);
        return {
          org: request.org.orgSlug,
          date: today,
          usage: wire(todays),
          limits: {
            searches: limit(limits.searchesPerDay),
            model_requests: limit(limits.modelRequestsPerDay),
            model_tokens: limit(limits.modelTokensPerDay),
          },
          remaining: {
            searches: left(limits.searchesPerDay, todays.searches),
            model_requests: left(limits.modelRequestsPerDay, todays.modelRequests),
            model_tokens: left(limits.modelTokensPerDay, todays.modelTokens),
          },
          days: days.map((d) => ({ date: d.day, usage: wire(d.usage) })),
        };
      },
    );
  };
}
