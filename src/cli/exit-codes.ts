/**
 * Exit codes of the client commands: 0 done, 2 the API refused or could not be reached, 3 bad input
 * or configuration (nothing sent), 130 interrupted (Ctrl-C; a batch is never cancelled by it).
 */
import { PlaceEnrichmentError } from "../client/index.js";
import { ConfigurationError } from "./client-connection.js";
import { MappingError } from "./place-files/column-mapping.js";
import { PlaceFileError } from "./place-files/place-file-rows.js";
import { InputEncodingError } from "./place-files/text-decoding.js";

export const EXIT = { done: 0, apiError: 2, badInput: 3, interrupted: 130 } as const;

/** Bad input or configuration: printed, exit 3. */
export class BadInputError extends Error {
  override name = "BadInputError";
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof PlaceEnrichmentError) return EXIT.apiError;
  if (
    error instanceof BadInputError ||
    error instanceof ConfigurationError ||
    error instanceof MappingError ||
    error instanceof PlaceFileError ||
    error instanceof InputEncodingError ||
    (error as NodeJS.ErrnoException)?.code === "ENOENT" ||
    (error as NodeJS.ErrnoException)?.code === "EISDIR"
  ) {
    return EXIT.badInput;
  }
  return 1;
}

/** Runs a command's action: its error printed on stderr, the process ending with its exit code. */
export async function runAction(action: () => Promise<number | undefined>): Promise<void> {
  let code: number;
  try {
    code = (await action()) ?? EXIT.done;
  } catch (error) {
    code = exitCodeOf(error);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `error: ${code === 1 && error instanceof Error ? (error.stack ?? message) : message}\n`,
    );
  }
  process.exitCode = code;
  // Open sockets (keep-alive) must not hold the process.
  setImmediate(() => process.exit(code));
}
