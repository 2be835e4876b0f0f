/**
 * `place-enrich serve` as a real process on a temp SQLite file, for the client and CLI tests: its
 * URL, the demo organization's key printed on the first start, and a stop that waits for the exit.
 */
import { type CliProcess, freePort, startCli, waitFor } from "../support/processes.js";
import { tempDatabasePath } from "../support/temp-db.js";

export interface RunningServer {
  url: string;
  org: string;
  apiKey: string;
  process: CliProcess;
  /** The server's log lines parsed (pino JSON), from its start. */
  logLines(): Array<Record<string, unknown>>;
  /**
   * The log lines that match, once there are at least `count` of them: a line is written after the
   * answer it logs, so a test that reads right after a response can be ahead of the pipe.
   */
  logLinesWhen(
    match: (line: Record<string, unknown>) => boolean,
    count: number,
  ): Promise<Array<Record<string, unknown>>>;
  stop(): Promise<void>;
}

export async function startServer(
  options: { workers?: boolean; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  const db = tempDatabasePath();
  const port = await freePort();
  const args = options.workers === false ? ["serve", "--no-workers"] : ["serve"];
  const server = startCli(args, {
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: db.path,
    // One enrichment thread and no reference import: the machine is shared, the tests need neither.
    WORKER_THREADS: "1",
    REFERENCE_DEFAULT: "none",
    WORKER_POLL_MS: "50",
    LOG_LEVEL: "info",
    ...options.env,
  });
  const stop = async () => {
    if (server.child.exitCode === null) server.child.kill("SIGKILL");
    await server.exited;
    db.cleanup();
  };
  try {
    // Loading the enrichment thread's datasets: 15 s measured on a busy 2-core machine.
    const apiKey = await waitFor(
      async () => /DEMO_API_KEY=(\S+)/.exec(server.output())?.[1],
      90_000,
      "the demo key",
    );
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => ((await fetch(`${url}/health`)).ok ? true : undefined), 90_000, "/health");
    const logLines = () =>
      server
        .output()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        });
    const logLinesWhen = (match: (line: Record<string, unknown>) => boolean, count: number) =>
      waitFor(
        async () => {
          const lines = logLines().filter(match);
          return lines.length >= count ? lines : undefined;
        },
        10_000,
        `${count} matching log lines`,
      ).catch(() => logLines().filter(match));
    return { url, org: "demo", apiKey, process: server, logLines, logLinesWhen, stop };
  } catch (error) {
    await stop();
    throw new Error(`server did not start: ${(error as Error).message}\n${server.output().slice(-2000)}`);
  }
}
