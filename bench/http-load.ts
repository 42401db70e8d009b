// Shared by the HTTP benchmarks: GET requests over a list of paths with autocannon, and their
// p50/p95 from every response time. Prints one line; never fails on time.
// @ts-expect-error autocannon ships no type declarations (no @types/autocannon installed).
import autocannonUntyped from 'autocannon';

interface Autocannon extends PromiseLike<unknown> {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
const autocannon = autocannonUntyped as (options: Record<string, unknown>) => Autocannon;

export interface GetLoad {
  label: string;
  base: string;
  /** Asked in turn, one per request. */
  paths: string[];
  auth: string;
  seconds: number;
  connections: number;
  /** Seconds before a request counts as timed out (autocannon's default is 10). */
  timeoutSeconds?: number;
  /** Printed before the label, and the label's width, so each benchmark keeps its own layout. */
  indent?: string;
  labelWidth?: number;
}

/** Runs the load and returns the p95 in milliseconds (NaN when nothing answered). */
export const measureGets = async (o: GetLoad): Promise<number> => {
  const times: number[] = [];
  let i = 0;
  let non2xx = 0;
  const instance = autocannon({
    url: o.base,
    connections: o.connections,
    duration: o.seconds,
    ...(o.timeoutSeconds ? { timeout: o.timeoutSeconds } : {}),
    headers: { authorization: o.auth },
    requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: o.paths[i++ % o.paths.length] }) }],
  });
  instance.on('response', (_c: unknown, status: number, _b: number, ms: number) => {
    times.push(ms);
    if (status >= 300) non2xx++;
  });
  await instance;
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  console.log(
    `${o.indent ?? ''}${o.label.padEnd(o.labelWidth ?? 44)} ${String(times.length).padStart(6)} req  p50 ${p(0.5).toFixed(1)} ms  p95 ${p(0.95).toFixed(1)} ms  p99 ${p(0.99).toFixed(1)} ms${non2xx ? `  (${non2xx} non-2xx)` : ''}`,
  );
  return p(0.95);
};
