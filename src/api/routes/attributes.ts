import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ATTRIBUTE_SETS, ATTRIBUTES } from "../../domain/attributes.js";
import { AttributesResponseSchema, ERROR_RESPONSES, OrgParamsSchema } from "../schemas.js";

/** GET /attributes: what this deployment can enrich (API.md §2.4). */
export function attributeRoutes(): FastifyPluginAsyncTypebox {
  const available = ATTRIBUTES.map((a) => ({
    key: a.key,
    fields: [...a.fields],
    sets: Object.entries(ATTRIBUTE_SETS)
      .filter(([, keys]) => (keys as readonly string[]).includes(a.key))
      .map(([name]) => name),
  }));
  return async (app) => {
    app.get(
      "/attributes",
      {
        schema: {
          summary: "Attributes this deployment can enrich",
          tags: ["attributes"],
          params: OrgParamsSchema,
          response: { 200: AttributesResponseSchema, ...ERROR_RESPONSES },
        },
      },
      async () => ({ core: [...ATTRIBUTE_SETS.core], all: [...ATTRIBUTE_SETS.all], custom: [], available }),
    );
  };
}
