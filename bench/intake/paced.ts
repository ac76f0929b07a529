/**
 * An open-loop load generator: requests are due at evenly spaced instants (rate per second), and
 * latency is measured from the instant a request was due, so time spent waiting for a free
 * connection counts (no coordinated omission). autocannon's `overallRate` instead lets every
 * connection fire its share of the second back to back at the start of each second, so the server
 * sees a burst of `connections` concurrent requests every second rather than a steady stream.
 */
import http from 'node:http';

export interface PacedOptions {
  host: string;
  port: number;
  path: string;
  rate: number;
  seconds: number;
  connections: number;
  /** Builds the next request. */
  next: () => { body: string; headers: Record<string, string> };
  /** Stop waiting for stragglers this long after the last request was due. */
  drainMs?: number;
  timeoutMs?: number;
}

export interface PacedResult {
  sent: number;
  completed: number;
  status: Record<string, number>;
  errors: number;
  timeouts: number;
  /** From the instant each request was due (includes waiting for a connection). */
  latenciesMs: number[];
  /** From the instant each request was written. */
  serviceMs: number[];
  /** Seconds from the first due instant to the last response. */
  elapsedS: number;
  /** Requests not sent because the run ended while they still waited for a connection. */
  unsent: number;
}

export async function paced(o: PacedOptions): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections, maxFreeSockets: o.connections });
  const res: PacedResult = { sent: 0, completed: 0, status: {}, errors: 0, timeouts: 0, latenciesMs: [], serviceMs: [], elapsedS: 0, unsent: 0 };
  const total = Math.round(o.rate * o.seconds);
  const interval = 1000 / o.rate;
  const t0 = performance.now();
  let lastEnd = t0;
  let inflight = 0;
  let resolveDrain: (() => void) | null = null;

  const fire = (dueAt: number) => {
    const { body, headers } = o.next();
    const buf = Buffer.from(body);
    inflight += 1;
    res.sent += 1;
    let writtenAt = 0;
    const req = http.request(
      {
        host: o.host,
        port: o.port,
        path: o.path,
        method: 'POST',
        agent,
        timeout: o.timeoutMs ?? 10_000,
        headers: { 'content-type': 'application/json', 'content-length': String(buf.length), ...headers },
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          const now = performance.now();
          res.completed += 1;
          const k = String(response.statusCode);
          res.status[k] = (res.status[k] ?? 0) + 1;
          res.latenciesMs.push(now - dueAt);
          res.serviceMs.push(now - (writtenAt || dueAt));
          lastEnd = now;
          done();
        });
      },
    );
    req.on('socket', () => {
      writtenAt = performance.now();
    });
    req.on('timeout', () => {
      res.timeouts += 1;
      req.destroy(new Error('timeout'));
    });
    req.on('error', () => {
      res.errors += 1;
      done();
    });
    req.end(buf);
  };
  const done = () => {
    inflight -= 1;
    if (inflight === 0 && resolveDrain) resolveDrain();
  };

  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (i < total && t0 + i * interval <= now) {
        fire(t0 + i * interval);
        i += 1;
      }
      if (i >= total) return resolve();
      setTimeout(tick, Math.max(0, Math.min(1, t0 + i * interval - performance.now())));
    };
    tick();
  });
  if (inflight > 0) {
    await Promise.race([
      new Promise<void>((r) => {
        resolveDrain = r;
      }),
      new Promise<void>((r) => setTimeout(r, o.drainMs ?? 10_000).unref()),
    ]);
  }
  res.unsent = total - res.sent;
  res.elapsedS = (lastEnd - t0) / 1000;
  agent.destroy();
  return res;
}
