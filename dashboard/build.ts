/**
 * Builds the dashboard into dist/dashboard (served by the API at `/`, src/api/routes/dashboard.ts):
 * Vite bundles dashboard/src (Preact) into hashed assets under `/dashboard/assets/`.
 *
 * The upload checks rows with the server's own JSON schema of a job. Ajv compiles a schema into a
 * function with `new Function`, which the page's Content-Security-Policy forbids (no 'unsafe-eval'),
 * so the validator is generated here as code (Ajv standalone) and bundled as the module
 * `virtual:job-validator`.
 *
 * `npm run build:dashboard`; `npm install` runs it (the `prepare` script).
 */
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import type { Plugin } from "vite";
import { PlaceJobSchema } from "../src/api/schemas.js";
import { JOB_AJV_OPTIONS } from "../src/cli/place-files/job-rules.js";

const root = fileURLToPath(new URL(".", import.meta.url));
const outDir = fileURLToPath(new URL("../dist/dashboard/", import.meta.url));

/** The job validator as an ES module: Ajv's standalone code, its `require`s of Ajv's runtime made imports. */
export function jobValidatorModule(): string {
  const ajv = new Ajv.default({ ...JOB_AJV_OPTIONS, code: { source: true, esm: true } });
  const code = standaloneCode.default(ajv, ajv.compile(PlaceJobSchema));
  const imports: string[] = [];
  const body = code.replace(/require\("([^"]+)"\)/g, (_match, name: string) => {
    const id = `runtime${imports.length}`;
    imports.push(`import * as ${id} from ${JSON.stringify(`${name}.js`)};`);
    return id;
  });
  return `${imports.join("\n")}\n${body}`;
}

function jobValidator(): Plugin {
  const id = "virtual:job-validator";
  return {
    name: "job-validator",
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load: (resolved) => (resolved === `\0${id}` ? jobValidatorModule() : null),
  };
}

// An install without dev dependencies (`npm ci --omit=dev`) has no Vite: the service runs without
// the dashboard and its page at `/` says how to build it; the install must not fail for that.
let vite: typeof import("vite");
try {
  vite = await import("vite");
} catch (error) {
  if ((error as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw error;
  console.warn("dashboard not built: Vite is not installed (dev dependencies); the API works without it");
  process.exit(0);
}

const started = Date.now();
await vite.build({
  root,
  base: "/dashboard/",
  configFile: false,
  logLevel: "warn",
  plugins: [jobValidator()],
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir, emptyOutDir: true, assetsDir: "assets", target: "es2022", reportCompressedSize: false },
});
console.log(`dashboard built into ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
