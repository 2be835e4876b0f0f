/**
 * At service start: migrate the reference tables and, when no reference source exists yet and
 * REFERENCE_DEFAULT names a file (by default the shipped Overture extract), import it as source
 * "default" — so a fresh clone enriches the README's example places offline. Takes about a second
 * for the shipped 3,082 places. An operator who removes every source and wants none back sets
 * REFERENCE_DEFAULT=none.
 */
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { guessFormat } from "./formats/open-reference-file.js";
import { importReference } from "./importer.js";
import { openReferenceStore } from "./store/open-reference-store.js";

/** Repository root (where package.json is), whether running from src/ or dist/src/. */
function repositoryPath(relative: string): string {
  if (isAbsolute(relative)) return relative;
  let dir = import.meta.dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    dir = join(dir, "..");
  }
  return relative;
}

export const DEFAULT_SOURCE_NAME = "default";

export async function prepareReferenceData(config: Config, logger: Logger): Promise<void> {
  if (!config.referenceMatching) return;
  const store = openReferenceStore(config.databaseUrl);
  try {
    await store.migrate();
    if (config.referenceDefault === null || (await store.listSources()).length > 0) return;
    const file = repositoryPath(config.referenceDefault);
    try {
      const format = config.referenceDefault.includes("overture") ? "overture" : guessFormat(file);
      const report = await importReference(store, {
        file,
        source: DEFAULT_SOURCE_NAME,
        format,
        now: Date.now(),
      });
      logger.info(
        {
          source: DEFAULT_SOURCE_NAME,
          file: config.referenceDefault,
          imported: report.imported,
          seconds: report.seconds,
        },
        "imported the default reference places",
      );
    } catch (err) {
      // Optional data: the service runs without it (jobs get no reference evidence until an import).
      logger.error({ err, file: config.referenceDefault }, "could not import the default reference places");
    }
  } finally {
    await store.close();
  }
}
