/**
 * bench:hostile — does the server stay responsive while it is attacked? (issue 11, item 4)
 *
 * Starts the real server (`src/main.ts`) on the embedded database in a temporary data directory,
 * creates one organization through the operator route, then for each scenario measures the
 * latency of `GET /healthz`, probed every 10 ms from a separate thread (so the attackers' own
 * work cannot delay the probe), while attackers send the hostile inputs of issue 11 as fast as
 * the server answers them:
 *   - idle:            no attack; the baseline, measured in the same run;
 *   - attack:          every hostile input at once, with the server's defaults (rate limits on);
 *   - attack, no rate limits: the same with MINHBACH_RATE_LIMIT=off, so what keeps the event
 *                      loop free is the work itself (workers, linear scans), not the limiter.
 * Goal: p99 ≤ 50 ms under attack. Only loopback traffic; every loop is bounded in time and count.
 *
 * Env: HOSTILE_SECONDS (default 20 per scenario), HOSTILE_ATTACKERS (default 1 connection per
 * attack, each sending as fast as it is answered), BENCH_RESULTS_DIR (default bench/results).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { dist, fmt, type Dist } from '../log/stats.ts';
import { buildAttacks, type Attack } from './payloads.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.resolve(ROOT, process.env.BENCH_RESULTS_DIR || 'bench/results');
const SECONDS = Number(process.env.HOSTILE_SECONDS || 20);
/** Connections per attack. */
const ATTACKERS = Number(process.env.HOSTILE_ATTACKERS || 1);
const MAX_REQUESTS = 50_000;
const GOAL_P99_MS = 50;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

interface Server {
  base: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'minhbach-hostile-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', MINHBACH_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the server exited with ${proc.exitCode}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    proc,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Probes /healthz every `everyMs` from its own thread for `seconds`; returns the latencies in ms. */
function probe(base: string, seconds: number, everyMs = 10): Promise<{ latencies: number[]; failures: number }> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { base, seconds, everyMs } = workerData;
    (async () => {
      const latencies = []; let failures = 0;
      const end = performance.now() + seconds * 1000;
      while (performance.now() < end && latencies.length + failures < 100000) {
        const t = performance.now();
        try {
          const res = await fetch(base + '/healthz', { signal: AbortSignal.timeout(10000) });
          await res.arrayBuffer();
          if (res.ok) latencies.push(performance.now() - t); else failures++;
        } catch { failures++; }
        const wait = everyMs - (performance.now() - t);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      parentPort.postMessage({ latencies, failures });
    })();
  `;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { base, seconds, everyMs } });
    w.once('message', (m: { latencies: number[]; failures: number }) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

interface AttackStats {
  sent: number;
  statuses: Record<string, number>;
  latency: number[];
}

/**
 * One request over `agent`; the status, or 'timeout'/'error'. node:http rather than fetch so each
 * attack can come from its own loopback address (127.0.0.10, .11, …): per-address limits then
 * treat the attacks as different attackers, and a key sprayer does not shield the others.
 */
function send(agent: http.Agent, url: string, method: string, headers: Record<string, string>, body: string | undefined): Promise<string> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent, timeout: 30_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.statusCode)));
        res.on('error', () => resolve('error'));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve('timeout');
    });
    req.on('error', () => resolve('error'));
    req.end(body);
  });
}

async function attack(base: string, apiKey: string, attacks: Attack[], seconds: number): Promise<Map<string, AttackStats>> {
  const stats = new Map(attacks.map((a) => [a.name, { sent: 0, statuses: {}, latency: [] } as AttackStats]));
  const agents = new Map(attacks.map((a, i) => [a.name, new http.Agent({ keepAlive: true, localAddress: `127.0.0.${10 + i}` })]));
  const end = performance.now() + seconds * 1000;
  let total = 0;
  let counter = 0;
  // Each attack has its own connections: a slow answer (a page queued for the extraction
  // workers) must not hold back the other attacks, or the attack would throttle itself.
  const loop = async (index: number) => {
    const a = attacks[index % attacks.length]!;
    for (let i = 0; performance.now() < end && total < MAX_REQUESTS; i++) {
      const s = stats.get(a.name)!;
      const headers: Record<string, string> = { ...a.headers };
      if (a.auth === 'key') headers.authorization = `Bearer ${apiKey}`;
      if (a.auth === 'wrong-key') headers.authorization = `Bearer mbk_${randomBytes(32).toString('base64url')}`;
      const body = typeof a.body === 'function' ? a.body(counter++) : a.body;
      total++;
      s.sent++;
      const t = performance.now();
      const status = await send(agents.get(a.name)!, base + a.path, a.method, headers, body);
      s.latency.push(performance.now() - t);
      s.statuses[status] = (s.statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: attacks.length * ATTACKERS }, (_, i) => loop(i)));
  for (const agent of agents.values()) agent.destroy();
  return stats;
}

interface Scenario {
  name: string;
  healthz: Dist;
  healthz_failures: number;
  attacks: { name: string; sent: number; statuses: Record<string, number>; latency_ms: Dist }[];
}

async function scenario(name: string, env: Record<string, string>, attacks: Attack[] | null): Promise<Scenario> {
  const token = randomBytes(24).toString('base64url');
  const server = await startServer({ ...env, MINHBACH_OPERATOR_TOKEN: token });
  try {
    const created = await fetch(`${server.base}/api/v1/admin/organizations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'authority', name: 'Bench authority' }),
    });
    if (created.status !== 201) throw new Error(`creating an organization: HTTP ${created.status} ${await created.text()}`);
    const { api_key } = (await created.json()) as { api_key: string };
    // Let start-up work (the first checkpoint, JIT warm-up) settle before measuring.
    await probe(server.base, 2);
    const [probed, attacked] = await Promise.all([
      probe(server.base, SECONDS),
      attacks ? attack(server.base, api_key, attacks, SECONDS) : Promise.resolve(new Map<string, AttackStats>()),
    ]);
    const result: Scenario = {
      name,
      healthz: dist(probed.latencies),
      healthz_failures: probed.failures,
      attacks: [...attacked].map(([n, s]) => ({ name: n, sent: s.sent, statuses: s.statuses, latency_ms: dist(s.latency) })),
    };
    const h = result.healthz;
    console.log(
      `${name}: /healthz p50 ${h.p50} ms, p99 ${h.p99} ms, max ${h.max} ms over ${h.n} probes (${probed.failures} failed); ${fmt(result.attacks.reduce((n, a) => n + a.sent, 0))} hostile requests`,
    );
    return result;
  } finally {
    await server.stop();
  }
}

function report(machine: Record<string, unknown>, scenarios: Scenario[]): string {
  const row = (s: Scenario) => {
    const attacked = s.attacks.length > 0;
    const ok = !attacked || (s.healthz.p99 <= GOAL_P99_MS && s.healthz_failures === 0);
    return `| ${s.name} | ${fmt(s.attacks.reduce((n, a) => n + a.sent, 0))} | ${s.healthz.n} | ${s.healthz.p50} | ${s.healthz.p90} | ${s.healthz.p99} | ${s.healthz.max} | ${s.healthz_failures} | ${attacked ? (ok ? 'met' : '**not met**') : 'baseline'} |`;
  };
  const lines = [
    '# bench:hostile — the event loop under attack',
    '',
    `Date: ${new Date().toISOString()}. Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB, Node ${machine.node}. Server: \`src/main.ts\` on the embedded database (PGlite), one process. ${ATTACKERS} connection(s) per attack (${buildAttacks().length} attacks), each sending as fast as it is answered, for ${SECONDS} s per scenario; \`/healthz\` probed every 10 ms from another thread.`,
    '',
    `Goal (issue 11, item 4): \`/healthz\` p99 ≤ ${GOAL_P99_MS} ms while under attack.`,
    '',
    '| scenario | hostile requests | probes | p50 ms | p90 ms | p99 ms | max ms | failed probes | goal |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...scenarios.map(row),
    '',
    'What each attack got back (status: count), and how long the attacker waited:',
    '',
  ];
  for (const s of scenarios.filter((x) => x.attacks.length)) {
    lines.push(`**${s.name}**`, '', '| input | sent | answers | p50 ms | p99 ms |', '|---|---:|---|---:|---:|');
    for (const a of s.attacks) {
      const answers = Object.entries(a.statuses)
        .sort()
        .map(([k, v]) => `${k}: ${fmt(v)}`)
        .join(', ');
      lines.push(`| ${a.name} | ${fmt(a.sent)} | ${answers} | ${a.latency_ms.p50} | ${a.latency_ms.p99} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

async function main() {
  const cpu = os.cpus();
  const machine = { cpu: cpu[0]?.model.trim(), cores: cpu.length, memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, node: process.version };
  console.log(`bench:hostile on ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB, Node ${machine.node}`);
  const attacks = buildAttacks();
  const scenarios = [
    await scenario('idle (baseline)', {}, null),
    await scenario('attack, defaults', {}, attacks),
    await scenario('attack, no rate limits', { MINHBACH_RATE_LIMIT: 'off' }, attacks),
  ];
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(
    path.join(RESULTS, 'hostile.json'),
    JSON.stringify({ date: new Date().toISOString(), machine, seconds: SECONDS, attackers: ATTACKERS, goal_p99_ms: GOAL_P99_MS, scenarios }, null, 2) + '\n',
  );
  writeFileSync(path.join(RESULTS, 'hostile.md'), report(machine, scenarios) + '\n');
  console.log(`results in ${path.relative(ROOT, RESULTS)}/hostile.md`);
  const failed = scenarios.filter((s) => s.attacks.length && (s.healthz.p99 > GOAL_P99_MS || s.healthz_failures > 0));
  if (failed.length) process.exitCode = 1;
}

await main();
