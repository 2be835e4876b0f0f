/**
 * The reference-data commands of `place-enrich`:
 *
 *   import <file> --source <name> [--format overture|fsq|osm|jsonl|csv|geojson] [--bbox w,s,e,n]
 *          [--allow-skips] [--json]
 *   sources list [--json]
 *   sources remove <name>
 *
 * They write the reference tables of the database DATABASE_URL names (the service's own). An import
 * streams the file with a progress bar on stderr (when it is a terminal) and replaces the source's
 * records when it completes; skipped rows are reported by reason.
 */
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { loadConfig } from "../config.js";
import {
  detectFormat,
  ReferenceFileError,
  sniffFormat,
  unreadColumns,
} from "../reference/formats/open-reference-file.js";
import { importReference, parseBbox } from "../reference/importer.js";
import { REFERENCE_FORMATS, type ReferenceFormat } from "../reference/record.js";
import { openReferenceStore } from "../reference/store/open-reference-store.js";
import { type ReferenceStore, ReferenceStoreError } from "../reference/store/port.js";

async function withReferenceStore<T>(task: (store: ReferenceStore) => Promise<T>): Promise<T> {
  const store = openReferenceStore(loadConfig().databaseUrl);
  try {
    await store.migrate();
    return await task(store);
  } finally {
    await store.close();
  }
}

/** Errors the operator can fix (bad file, bad name): their message, without a stack. */
function operatorError(error: unknown): string | null {
  return error instanceof ReferenceFileError || error instanceof ReferenceStoreError ? error.message : null;
}

function megabytes(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

export function addReferenceCommands(program: Command, fail: (message: string) => never): void {
  program
    .command("import <file>")
    .description(
      "Import reference places (Overture, Foursquare OS Places, OSM, or your own file); re-import replaces the source",
    )
    .requiredOption("--source <name>", "name to import under (lower case; e.g. overture-nyc)")
    .option(
      "--format <format>",
      `one of ${REFERENCE_FORMATS.join(", ")} (default: guessed from the file name)`,
    )
    .option("--bbox <w,s,e,n>", "keep only places inside this box (degrees)")
    .option(
      "--allow-skips",
      "commit even when more rows look like another format (invalid, no id) than are imported",
    )
    .option("--json", "print the report as JSON")
    .action(
      async (
        file: string,
        opts: { source: string; format?: string; bbox?: string; json?: boolean; allowSkips?: boolean },
      ) => {
        if (opts.format !== undefined && !(REFERENCE_FORMATS as readonly string[]).includes(opts.format))
          fail(`--format must be one of ${REFERENCE_FORMATS.join(", ")}, got "${opts.format}"`);
        let bbox = null;
        try {
          bbox = opts.bbox ? parseBbox(opts.bbox) : null;
        } catch (error) {
          fail((error as Error).message);
        }
        let format = opts.format as ReferenceFormat | undefined;
        try {
          if (format === undefined) format = await detectFormat(file);
          else {
            // Re-check trial: Overture rows read with --format osm imported 20 of 20, their fields lost.
            const looks = await sniffFormat(file);
            if (looks !== null && looks !== format)
              process.stderr.write(
                `warning: the first row of ${file} looks like --format ${looks}; it is read as --format ${format}\n`,
              );
          }
        } catch (error) {
          fail(operatorError(error) ?? String(error));
        }
        try {
          const unread = await unreadColumns(file, format!);
          if (unread.length > 0)
            process.stderr.write(
              `warning: columns not read: ${unread.map((u) => (u.meant ? `${u.column} (did you mean ${u.meant}?)` : u.column)).join(", ")}\n`,
            );
        } catch {
          // The import's own reading reports what is wrong with the file.
        }
        const bar = process.stderr.isTTY
          ? new SingleBar({
              format:
                " {bar} {percentage}% | {value}/{total} {unit} | {imported} imported, {skipped} skipped | {eta}s left",
              hideCursor: true,
            })
          : null;
        let started = false;
        // Ctrl-C or SIGTERM while rows are read: the staged rows are dropped with the process and the
        // source keeps its records; exit 130 / 143 as the other commands do (break-it trial: exit 0).
        // During the commit the process waits for it (a SQLite commit runs to its end before any
        // handler; a PostgreSQL COMMIT sent may land after the process is gone): then the message says
        // what happened (re-check trial: "left as it was" printed over a source already replaced).
        let phase: "reading" | "committing" | "committed" = "reading";
        let stopWith: NodeJS.Signals | null = null;
        const exitFor = (signal: NodeJS.Signals, message: string) => {
          bar?.stop();
          process.stderr.write(`\n${signal}: ${message}\n`);
          process.exit(signal === "SIGINT" ? 130 : 143);
        };
        const interrupted = (signal: NodeJS.Signals) => {
          if (phase === "reading")
            exitFor(
              signal,
              `the import of source "${opts.source}" is abandoned; the source is left as it was`,
            );
          else if (phase === "committed")
            exitFor(signal, `the import of source "${opts.source}" had completed`);
          else if (stopWith === null) {
            stopWith = signal;
            process.stderr.write(
              `\n${signal}: finishing the commit of source "${opts.source}" (interrupt again to stop at once)\n`,
            );
          } else
            exitFor(
              signal,
              `stopped during the commit: see \`place-enrich sources list\` for source "${opts.source}"`,
            );
        };
        for (const signal of ["SIGINT", "SIGTERM"] as const) {
          process.removeAllListeners(signal);
          process.on(signal, interrupted);
        }
        const report = await withReferenceStore((store) =>
          importReference(store, {
            file,
            source: opts.source,
            format,
            bbox,
            allowSkips: opts.allowSkips === true,
            onPhase: (p) => {
              phase = p;
              if (p === "committed" && stopWith !== null)
                exitFor(stopWith, `the import of source "${opts.source}" completed before stopping`);
            },
            now: Date.now(),
            onProgress: (p) => {
              if (!bar) return;
              const scale = p.unit === "bytes" ? megabytes : (n: number) => String(n);
              const payload = {
                imported: p.imported,
                skipped: p.skipped,
                unit: p.unit === "bytes" ? "MB" : "rows",
              };
              if (!started) {
                bar.start(Number(scale(p.total)), Number(scale(p.done)), payload);
                started = true;
              } else bar.update(Number(scale(p.done)), payload);
            },
          }),
        )
          .catch((error: unknown) => {
            bar?.stop();
            const message = operatorError(error);
            if (message) fail(message);
            throw error;
          })
          .finally(() => bar?.stop());
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(report)}\n`);
          return;
        }
        const reasons = Object.entries(report.skipReasons)
          .sort((a, b) => b[1] - a[1])
          .map(([reason, n]) => `  ${n} ${reason}`);
        const rate = report.seconds > 0 ? Math.round((report.imported + report.skipped) / report.seconds) : 0;
        process.stdout.write(
          [
            `source ${report.source} (${report.format}): ${report.imported} imported, ${report.skipped} skipped in ${report.seconds} s (${rate} rows/s)`,
            ...(reasons.length > 0 ? ["skipped:", ...reasons] : []),
            ...report.errors.map((e) => `  e.g. ${e}`),
            "",
          ].join("\n"),
        );
      },
    );

  const sources = program.command("sources").description("Reference sources imported into this database");
  sources
    .command("list")
    .description("List the imported reference sources")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const list = await withReferenceStore((store) => store.listSources());
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(list)}\n`);
        return;
      }
      if (list.length === 0)
        process.stdout.write("no reference sources (place-enrich import <file> --source <name>)\n");
      for (const s of list) {
        process.stdout.write(
          `${s.name}  ${s.format}  ${s.records} places  imported ${new Date(s.importedAt).toISOString()}  ${s.file ?? ""}\n`,
        );
      }
    });
  sources
    .command("remove <name>")
    .description("Delete a reference source and its places")
    .action(async (name: string) => {
      const removed = await withReferenceStore((store) => store.removeSource(name)).catch((error: unknown) =>
        fail(operatorError(error) ?? String(error)),
      );
      if (!removed) fail(`no reference source "${name}"`);
      process.stdout.write(`removed source ${name}\n`);
    });
}
