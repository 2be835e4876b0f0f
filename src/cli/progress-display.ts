/**
 * The live progress of a batch on stderr: a bar with completed/failed/total, the rate and the ETA
 * on a terminal (cli-progress); a plain line whenever the numbers change otherwise (logs, CI). The
 * rate is measured over the last minute of polls, so a batch that waited in a queue does not look slow.
 */
import cliProgress from "cli-progress";
import type { BatchProgress } from "../client/index.js";

const RATE_WINDOW_MS = 60_000;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

export class ProgressDisplay {
  private bar: cliProgress.SingleBar | null = null;
  private readonly samples: Array<{ at: number; done: number }> = [];
  private lastLine = "";

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(progress: BatchProgress, now = Date.now()): void {
    this.samples.push({ at: now, done: progress.done });
    while (this.samples.length > 2 && now - this.samples[0]!.at > RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const elapsed = (now - first.at) / 1000;
    const rate = elapsed > 0 ? (progress.done - first.done) / elapsed : 0;
    const eta = rate > 0 ? formatDuration((progress.total - progress.done) / rate) : "?";
    const payload = {
      status: progress.status,
      completedJobs: progress.counts.completed,
      failedJobs: progress.counts.failed,
      rate: rate.toFixed(1),
      etaText: progress.finished ? "0s" : eta,
    };
    if (this.stream.isTTY) {
      if (!this.bar) {
        this.bar = new cliProgress.SingleBar(
          {
            stream: this.stream,
            format:
              "{bar} {value}/{total} | completed {completedJobs} failed {failedJobs} | {rate}/s | ETA {etaText} | {status}",
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(progress.total, progress.done, payload);
      }
      this.bar.setTotal(progress.total);
      this.bar.update(progress.done, payload);
      return;
    }
    const line = `${progress.status}: ${progress.done}/${progress.total} (completed ${payload.completedJobs}, failed ${payload.failedJobs}) ${payload.rate}/s ETA ${payload.etaText}`;
    if (line.replace(/ \S+\/s ETA \S+$/, "") !== this.lastLine.replace(/ \S+\/s ETA \S+$/, "")) {
      this.stream.write(`${line}\n`);
    }
    this.lastLine = line;
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
