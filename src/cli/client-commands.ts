/**
 * The commands of the people who use the API, on the TypeScript client (src/client/): `submit` a
 * places file, `watch` a batch, download its `results`, list `batches`, `reprocess`, and `run`
 * (submit + watch + results). They talk HTTP to any server of the API (client-connection.ts) and
 * never touch a database. Exit codes: exit-codes.ts.
 */
import { type Command, type CommanderError, Option } from "commander";
import type { AttributeKey, AttributeSetName, Batch, PlaceEnrichmentClient } from "../client/index.js";
import { ATTRIBUTE_SET_NAMES, REQUESTABLE_ATTRIBUTE_KEYS } from "../domain/attributes.js";
import { addConnectionOptions, type ConnectionFlags, clientFrom } from "./client-connection.js";
import { BadInputError, EXIT, runAction } from "./exit-codes.js";
import { parseMapOptions } from "./place-files/column-mapping.js";
import { placeFileFormat } from "./place-files/place-file-rows.js";
import {
  checkPlaceFile,
  MAX_LISTED_BAD_ROWS,
  type PlaceFileOptions,
  placeJobs,
} from "./place-files/place-jobs.js";
import { formatDuration, ProgressDisplay } from "./progress-display.js";
import { flattenResult } from "./result-files/flat-result.js";
import { ResultFileWriter, resultFormat } from "./result-files/result-writers.js";

const say = (line: string) => process.stderr.write(`${line}\n`);
const n = (value: number) => value.toLocaleString("en-US");

interface SubmitFlags extends ConnectionFlags {
  name?: string;
  attributes?: string;
  attributeSet?: string;
  map: string[];
  skipInvalid?: boolean;
  encoding: string;
  delimiter?: string;
  batchId?: string;
  refresh?: boolean;
  dryRun?: boolean;
}

interface ResultsFlags extends ConnectionFlags {
  output: string;
  failedOnly?: boolean;
  pageSize: string;
  raw?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInt(name: string, value: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new BadInputError(`${name}: expected a whole number from 1 to ${max}, got "${value}"`);
  }
  return Number(value);
}

function attributeChoice(flags: { attributes?: string; attributeSet?: string }): {
  attributes?: AttributeKey[];
  attribute_set?: AttributeSetName;
} {
  const out: { attributes?: AttributeKey[]; attribute_set?: AttributeSetName } = {};
  if (flags.attributes !== undefined) {
    const keys = flags.attributes
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean);
    const unknown = keys.filter((k) => !(REQUESTABLE_ATTRIBUTE_KEYS as readonly string[]).includes(k));
    if (unknown.length > 0) {
      throw new BadInputError(
        `--attributes: unknown attribute(s) ${unknown.join(", ")} (see GET /attributes)`,
      );
    }
    out.attributes = keys as AttributeKey[];
  }
  if (flags.attributeSet !== undefined) {
    if (!(ATTRIBUTE_SET_NAMES as readonly string[]).includes(flags.attributeSet)) {
      throw new BadInputError(`--attribute-set: expected one of ${ATTRIBUTE_SET_NAMES.join(", ")}`);
    }
    out.attribute_set = flags.attributeSet as AttributeSetName;
  }
  return out;
}

/** Checks every row, then sends the good ones; the batch id, or null when nothing was sent. */
async function submit(
  client: PlaceEnrichmentClient | null,
  file: string,
  flags: SubmitFlags,
): Promise<string | null> {
  placeFileFormat(file);
  const attributes = attributeChoice(flags);
  const options: PlaceFileOptions = {
    encoding: flags.encoding,
    delimiter: flags.delimiter,
    map: parseMapOptions(flags.map),
  };
  const started = Date.now();
  const report = await checkPlaceFile(file, options);
  const seconds = (Date.now() - started) / 1000;
  say(
    `${file}: ${n(report.rows)} rows read in ${seconds.toFixed(1)} s (${n(Math.round(report.rows / Math.max(seconds, 0.001)))} rows/s); place ids from ${report.placeIds}`,
  );
  if (report.ignoredColumns.length > 0) {
    say(`columns not sent: ${report.ignoredColumns.join(", ")} (send one with --map column=field)`);
  }
  for (const bad of report.listed) {
    for (const issue of bad.issues) say(`${bad.where} (row ${bad.row}): ${issue.field}: ${issue.message}`);
  }
  if (report.badRows > report.listed.length) {
    say(
      `… and ${n(report.badRows - report.listed.length)} more bad rows (the first ${MAX_LISTED_BAD_ROWS} are listed)`,
    );
  }
  if (report.rows === 0) throw new BadInputError(`${file}: no rows`);
  if (report.badRows > 0 && !flags.skipInvalid) {
    throw new BadInputError(
      `${n(report.badRows)} bad row(s): nothing sent (--skip-invalid sends the others)`,
    );
  }
  if (report.good === 0) throw new BadInputError("no valid row: nothing sent");
  if (report.badRows > 0) say(`skipping ${n(report.badRows)} bad row(s)`);
  if (flags.dryRun || !client) {
    say(`dry run: ${n(report.good)} jobs would be sent`);
    return null;
  }
  const batch = await client.createBatch(
    {
      batch_name: flags.name!,
      jobs: placeJobs(file, options),
      ...(flags.batchId ? { batch_id: flags.batchId } : {}),
      ...(flags.refresh ? { refresh: true } : {}),
      ...attributes,
    },
    {
      onRequest: ({ acceptedJobs, requests }) =>
        say(`request ${requests}: ${n(acceptedJobs)}/${n(report.good)} jobs accepted`),
    },
  );
  say(`batch ${batch.id}: ${n(report.good)} jobs submitted`);
  return batch.id;
}

/** Polls until the batch ends; Ctrl-C stops watching (exit 130) and leaves the batch running. */
async function watch(
  client: PlaceEnrichmentClient,
  batchId: string,
): Promise<{ batch: Batch | null; code: number }> {
  const controller = new AbortController();
  const display = new ProgressDisplay();
  const onSignal = () => controller.abort(new Error("interrupted"));
  process.removeAllListeners("SIGINT");
  process.on("SIGINT", onSignal);
  const started = Date.now();
  try {
    const batch = await client.waitForBatch(batchId, {
      signal: controller.signal,
      maxIntervalMs: 5000,
      onProgress: (progress) => display.update(progress),
    });
    display.stop();
    const jobs = batch.jobs;
    say(
      `batch ${batch.id} ${batch.status}: ${n(jobs.completed.length)} completed, ${n(jobs.failed.length)} failed, in ${formatDuration((Date.now() - started) / 1000)}`,
    );
    return { batch, code: EXIT.done };
  } catch (error) {
    display.stop();
    if (!controller.signal.aborted) throw error;
    say(`stopped watching; batch ${batchId} keeps running: place-enrich watch ${batchId}`);
    return { batch: null, code: EXIT.interrupted };
  } finally {
    process.off("SIGINT", onSignal);
  }
}

async function results(client: PlaceEnrichmentClient, batchId: string, flags: ResultsFlags): Promise<void> {
  const format = resultFormat(flags.output);
  if (!format) throw new BadInputError(`-o ${flags.output}: expected a .csv, .jsonl or .parquet file`);
  if (flags.raw && format !== "jsonl") throw new BadInputError("--raw writes JSON Lines only (-o out.jsonl)");
  const pageSize = positiveInt("--page-size", flags.pageSize, 10_000);
  const writer = await ResultFileWriter.open(flags.output, format);
  const counts = { completed: 0, failed: 0, other: 0 };
  try {
    for await (const job of client.iterateResults(batchId, { pageSize })) {
      if (flags.failedOnly && job.status !== "failed") continue;
      if (job.status === "completed") counts.completed++;
      else if (job.status === "failed") counts.failed++;
      else counts.other++;
      await writer.add(flags.raw ? (job as unknown as Record<string, never>) : flattenResult(job));
    }
    await writer.finish();
  } catch (error) {
    await writer.abandon();
    throw error;
  }
  const unfinished = counts.other > 0 ? `, ${n(counts.other)} not finished yet` : "";
  say(
    `wrote ${n(writer.records)} jobs to ${flags.output} (${n(counts.completed)} completed, ${n(counts.failed)} failed${unfinished})`,
  );
}

function submitOptions(command: Command): Command {
  return command
    .requiredOption("--name <name>", "the batch's name")
    .option("--attributes <keys>", "comma-separated attribute keys (default: the core set)")
    .option("--attribute-set <set>", `a predefined set: ${ATTRIBUTE_SET_NAMES.join(", ")}`)
    .option(
      "--map <column=field>",
      "send a column as this field (repeatable; `column=` ignores it)",
      collect,
      [],
    )
    .option("--skip-invalid", "send the valid rows when some are bad (default: send nothing)")
    .option("--encoding <name>", "text encoding of a CSV or JSONL file: utf8 or latin1", "utf8")
    .option("--delimiter <char>", "CSV separator (default: detected from the header: , ; tab |)")
    .option("--batch-id <id>", "append to this batch (or create it with this id)")
    .option("--refresh", "bypass the server's cache")
    .option("--dry-run", "check the file and report, send nothing");
}

function resultsOptions(command: Command, required: boolean): Command {
  const output = new Option("-o, --output <file>", "out.csv, out.jsonl or out.parquet");
  if (required) output.makeOptionMandatory();
  return command
    .addOption(output)
    .option("--failed-only", "only the failed jobs")
    .option("--page-size <n>", "jobs per request (1..10000)", "1000")
    .option("--raw", "JSON Lines of the API's job results as they are, instead of flat records");
}

/** Usage errors of these commands are bad input (exit 3), as their other input errors are. */
function usageExit(error: CommanderError): never {
  process.exit(error.exitCode === 0 ? 0 : EXIT.badInput);
}

export function addClientCommands(program: Command): void {
  const commands: Command[] = [];
  const command = (spec: string, description: string) => {
    const c = addConnectionOptions(program.command(spec).description(description));
    commands.push(c);
    return c;
  };

  submitOptions(
    command(
      "submit <file>",
      "Check a places file (.csv, .jsonl, .parquet) and send it as a batch; prints the batch id",
    ),
  ).action((file: string, flags: SubmitFlags) =>
    runAction(async () => {
      const client = flags.dryRun ? null : clientFrom(flags);
      const id = await submit(client, file, flags);
      if (id) process.stdout.write(`${id}\n`);
      return EXIT.done;
    }),
  );

  command(
    "watch <batch>",
    "Show a batch's progress until it is completed or failed (Ctrl-C stops watching, never the batch)",
  ).action((batchId: string, flags: ConnectionFlags) =>
    runAction(async () => (await watch(clientFrom(flags), batchId)).code),
  );

  resultsOptions(
    command("results <batch>", "Write a batch's results, one row per job, to a CSV, JSONL or Parquet file"),
    true,
  ).action((batchId: string, flags: ResultsFlags) =>
    runAction(async () => {
      await results(clientFrom(flags), batchId, flags);
      return EXIT.done;
    }),
  );

  command("batches", "List the organization's batches, newest first")
    .option("--query <text>", "only batches whose name contains this (any case)")
    .option("--limit <n>", "at most this many", "20")
    .option("--json", "one JSON object per line")
    .action((flags: ConnectionFlags & { query?: string; limit: string; json?: boolean }) =>
      runAction(async () => {
        const limit = positiveInt("--limit", flags.limit, 1_000_000);
        const client = clientFrom(flags);
        let shown = 0;
        for await (const batch of client.listBatches({
          query: flags.query,
          pageSize: Math.min(limit, 500),
        })) {
          if (shown++ >= limit) break;
          if (flags.json) {
            process.stdout.write(`${JSON.stringify(batch)}\n`);
            continue;
          }
          const c = batch.status_counts;
          const total = c.pending + c.queued + c.in_progress + c.completed + c.failed;
          process.stdout.write(
            `${batch.id}  ${batch.status.padEnd(11)}  ${c.completed}/${total} completed, ${c.failed} failed  ${batch.created_at}  ${batch.batch_name}\n`,
          );
        }
        return EXIT.done;
      }),
    );

  command("reprocess <batch>", "Run a batch's failed jobs again (--all: every job)")
    .option("--all", "every job of the batch, not only the failed ones")
    .option("--incomplete", "the jobs not finished yet (pending, queued, in progress)")
    .option("--refresh", "bypass the server's cache")
    .option("--attributes <keys>", "comma-separated attribute keys instead of each job's own")
    .option("--attribute-set <set>", `a predefined set: ${ATTRIBUTE_SET_NAMES.join(", ")}`)
    .action(
      (
        batchId: string,
        flags: ConnectionFlags & {
          all?: boolean;
          incomplete?: boolean;
          refresh?: boolean;
          attributes?: string;
          attributeSet?: string;
        },
      ) =>
        runAction(async () => {
          const answer = await clientFrom(flags).reprocess(batchId, {
            failed_only: !flags.all && !flags.incomplete,
            incomplete_only: Boolean(flags.incomplete && !flags.all),
            ...(flags.refresh ? { refresh: true } : {}),
            ...attributeChoice(flags),
          });
          say(answer.message);
          process.stdout.write(`${answer.job_count}\n`);
          return EXIT.done;
        }),
    );

  resultsOptions(submitOptions(command("run <file>", "submit, watch and results in one go")), true).action(
    (file: string, flags: SubmitFlags & ResultsFlags) =>
      runAction(async () => {
        if (!resultFormat(flags.output)) {
          throw new BadInputError(`-o ${flags.output}: expected a .csv, .jsonl or .parquet file`);
        }
        const client = clientFrom(flags);
        const started = Date.now();
        const id = await submit(flags.dryRun ? null : client, file, flags);
        if (!id) return EXIT.done;
        process.stdout.write(`${id}\n`);
        const watched = await watch(client, id);
        if (watched.code !== EXIT.done) {
          say(`then: place-enrich results ${id} -o ${flags.output}`);
          return watched.code;
        }
        await results(client, id, flags);
        const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
        say(`run: ${formatDuration((Date.now() - started) / 1000)} in all, peak RSS ${peakMb} MB`);
        return EXIT.done;
      }),
  );

  for (const c of commands) c.exitOverride(usageExit);
}
