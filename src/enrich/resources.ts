/**
 * Locates the repository's `resources/` folder (shipped data) from this module, whether it runs from
 * `src/` (tsx, vitest) or from the compiled `dist/src/`.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function resourcePath(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "resources", relative);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`resource not found: resources/${relative}`);
}
