/**
 * The wire types of the Place Enrichment API, derived from the TypeBox schemas the server validates
 * and serializes with (src/api/schemas.ts), so the client and the server cannot drift apart. Only
 * types are imported: nothing of the server is loaded at run time.
 */
import type { Static } from "typebox";
import type {
  AttributeKeySchema,
  AttributeSetSchema,
  BatchListItemSchema,
  BatchListResponseSchema,
  BatchResponseSchema,
  CreateBatchBodySchema,
  JobsPageResponseSchema,
  PlaceInputsSchema,
  PlaceJobResultSchema,
  PlaceJobSchema,
  ReprocessBodySchema,
  ReprocessResponseSchema,
  StatusCountsSchema,
} from "../api/schemas.js";

/** `jobs[].inputs` (API.md §2.1); extra keys are kept and echoed by the server. */
export type PlaceInputs = Static<typeof PlaceInputsSchema> & Record<string, unknown>;
/** One job of a request (API.md §2.2). */
export type PlaceJob = Omit<Static<typeof PlaceJobSchema>, "inputs"> & { inputs: PlaceInputs };
/** Attribute keys of the public API plus `reference_match` (API.md §2.4). */
export type AttributeKey = Static<typeof AttributeKeySchema>;
export type AttributeSetName = Static<typeof AttributeSetSchema>;
/** POST /batches body, without `jobs` (the client sends those in requests of at most 50,000). */
export type CreateBatchOptions = Omit<Static<typeof CreateBatchBodySchema>, "jobs">;
/** A batch as create, status and rename answer it (API.md §2.5). */
export type Batch = Static<typeof BatchResponseSchema>;
export type BatchStatus = Batch["status"];
export type JobStatus = Batch["status"];
export type StatusCounts = Static<typeof StatusCountsSchema>;
export type BatchListItem = Static<typeof BatchListItemSchema>;
export type BatchListPage = Static<typeof BatchListResponseSchema>;
type ResultOnTheWire = Static<typeof PlaceJobResultSchema>;
/**
 * One job's result (API.md §2.3). The schema's open objects (`outputs`, `inputs`,
 * `enrichment_metadata`) are typed as records here so that their fields can be read.
 */
export type PlaceJobResult = Omit<ResultOnTheWire, "outputs" | "inputs" | "job_metadata"> & {
  outputs: Record<string, unknown>;
  inputs: Record<string, unknown>;
  job_metadata: Omit<ResultOnTheWire["job_metadata"], "enrichment_metadata"> & {
    enrichment_metadata: Record<string, unknown>;
  };
};
export type JobsPage = Omit<Static<typeof JobsPageResponseSchema>, "jobs"> & { jobs: PlaceJobResult[] };
export type ReprocessOptions = Static<typeof ReprocessBodySchema>;
export type ReprocessResult = Static<typeof ReprocessResponseSchema>;

/** One entry of a 422's `detail` list. */
export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
}
