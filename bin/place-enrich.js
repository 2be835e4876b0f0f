#!/usr/bin/env node
// Launcher: loads tsx's ESM hooks and runs the TypeScript CLI in this same process, so signals
// (SIGTERM for graceful shutdown) reach it directly. `npm run build` + `node dist/cli/main.js` also works.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
