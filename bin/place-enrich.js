#!/usr/bin/env node
// Launcher: loads tsx's ESM hooks and runs the TypeScript CLI in this same process, so signals
// (SIGTERM for graceful shutdown) reach it directly. `npm run build` + `node dist/cli/main.js` also works.
//
// Loading the CLI takes a moment; a Ctrl-C or SIGTERM meanwhile ends the process at once, cleanly
// (nothing has started yet): 130 for a Ctrl-C, as every command reports an interruption, 0 for a
// SIGTERM (a stop asked for). The service and the long commands replace these handlers.
const early = (signal) => {
  process.stderr.write(`${signal} while loading: exiting\n`);
  process.exit(signal === "SIGINT" ? 130 : 0);
};
process.once("SIGINT", early);
process.once("SIGTERM", early);

const { register } = await import("tsx/esm/api");
register();
await import("../src/cli/main.ts");
