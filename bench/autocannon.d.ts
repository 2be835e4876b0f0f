/** The part of autocannon's API that bench/load.ts uses (autocannon ships no types). */
declare module "autocannon" {
  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (request: { path: string }) => { path: string };
    }
    interface Options {
      url: string;
      connections?: number;
      overallRate?: number;
      duration?: number;
      requests?: Request[];
    }
    interface Histogram {
      p50: number;
      p99: number;
      max: number;
      average: number;
      total: number;
    }
    interface Result {
      latency: Histogram;
      requests: Histogram;
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      statusCodeStats?: Record<string, { count: number }>;
    }
    interface Instance extends PromiseLike<Result> {
      stop(): void;
    }
  }
  function autocannon(options: autocannon.Options): autocannon.Instance;
  export default autocannon;
}
