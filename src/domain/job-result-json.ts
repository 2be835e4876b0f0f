/**
 * A job's PlaceJobResult as JSON text, exactly `JSON.stringify(renderJob(job))`, written for pages of
 * many jobs: what a job without a result shows apart from its own fields (every requested output,
 * reasoning and confidence field null / NONE, the attribute statuses, the metadata of attributes this
 * deployment cannot enrich) depends only on its attribute list, so it is serialized once per distinct
 * list and copied into each job's text.
 *
 * Why: a 1,000-job page of pending jobs (1.7 MB) took 24–28 ms to render, serialize and encode in the
 * SQLite reader thread (median of 20, quiet machine), most of it building and serializing the same
 * null skeleton a thousand times; a client paging through a queued batch pays that on every page.
 * Completed jobs are their stored view (SQLite) or rendered as before.
 */
import { type RenderableJob, renderJob } from "./job-result-view.js";

/** Fragments shared by the jobs of one attribute list (and no attribute statuses of their own). */
interface Skeleton {
  attributeStatus: string;
  enrichmentMetadata: string;
  tail: string;
}

/** The `inputs` key order renderJob produces: the stored keys, then id, country_code, input_type. */
function inputsJson(job: RenderableJob): string {
  return JSON.stringify({
    ...job.inputs,
    id: job.inputs.id ?? job.placeId,
    country_code: job.inputs.country_code ?? null,
    input_type: "place",
  });
}

/**
 * Writes jobs as PlaceJobResult JSON, remembering the skeleton of each attribute list it meets. One
 * writer per page (or per reader): it holds at most one entry per distinct attribute list.
 */
export class JobResultJsonWriter {
  private readonly skeletons = new Map<string, Skeleton>();

  /** `JSON.stringify(renderJob(job))`. */
  write(job: RenderableJob): string {
    if (job.status === "completed") {
      if (job.view) return job.view;
      return JSON.stringify(renderJob(job));
    }
    // Attribute statuses recorded on an unfinished job (a retry after a partial run) are its own.
    if (job.attributeStatus) return JSON.stringify(renderJob(job));
    const skeleton = this.skeletonOf(job);
    const country = job.inputs.country_code ?? null;
    const error = job.status === "failed" && job.error ? `,"error":${JSON.stringify(job.error)}` : "";
    return (
      `{"place_id":${JSON.stringify(job.placeId)},"status":${JSON.stringify(job.status)},` +
      `"job_metadata":{"attribute_status":${skeleton.attributeStatus},"last_enriched":null,` +
      `"country_code":${JSON.stringify(country)},"enrichment_metadata":${skeleton.enrichmentMetadata},` +
      `"attempts":${JSON.stringify(job.attempts)}${error}},"inputs":${inputsJson(job)},${skeleton.tail}}`
    );
  }

  private skeletonOf(job: RenderableJob): Skeleton {
    const key = job.attributes.join("\u0000");
    let skeleton = this.skeletons.get(key);
    if (!skeleton) {
      // Rendered from a job of this list with no fields of its own: the parts renderJob takes from
      // the attribute list alone.
      const rendered = renderJob({
        placeId: "",
        status: "queued",
        attributes: job.attributes,
        attributeStatus: null,
        attempts: 0,
        inputs: { name: "" },
        error: null,
        result: null,
      });
      skeleton = {
        attributeStatus: JSON.stringify(rendered.job_metadata.attribute_status),
        enrichmentMetadata: JSON.stringify(rendered.job_metadata.enrichment_metadata),
        tail:
          `"outputs":${JSON.stringify(rendered.outputs)},"reasoning":${JSON.stringify(rendered.reasoning)},` +
          `"confidence_scores":${JSON.stringify(rendered.confidence_scores)}`,
      };
      this.skeletons.set(key, skeleton);
    }
    return skeleton;
  }
}
