/**
 * Summarizes a V8 .cpuprofile (from `BENCH_CPU_PROF=1 npm run bench:intake`): self time by
 * package / project file, the top functions by self time, and inclusive time of the project's
 * own functions on the intake path.
 *
 *   npx tsx bench/intake/cpuprofile-summary.ts bench/results/profiles/CPU.….cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const file = process.argv[2];
if (!file) {
  console.error('usage: cpuprofile-summary.ts <file.cpuprofile> [top]');
  process.exit(64);
}
const TOP = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

function where(url: string): string {
  if (!url) return '';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\//, '');
}

function group(n: Node): string {
  const { functionName, url } = n.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName || 'anonymous'}`;
  const w = where(url);
  if (w.startsWith('src/')) return w;
  if (w.startsWith('node:')) return 'node: internals';
  return `npm: ${w}`;
}

function key(n: Node): string {
  const { functionName, url, lineNumber } = n.callFrame;
  return `${functionName || '(anonymous)'} ${where(url)}${url ? `:${lineNumber + 1}` : ''}`;
}

// Sample weights: each sample lasts until the next one.
const weights = new Map<number, number>();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i + 1] ?? 0;
  const id = profile.samples[i]!;
  weights.set(id, (weights.get(id) ?? 0) + dt);
  total += dt;
}

const selfByGroup = new Map<string, number>();
const selfByFn = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, w] of weights) {
  const n = byId.get(id)!;
  selfByGroup.set(group(n), (selfByGroup.get(group(n)) ?? 0) + w);
  selfByFn.set(key(n), (selfByFn.get(key(n)) ?? 0) + w);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = key(byId.get(cur)!);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + w);
  }
}

const idle = selfByGroup.get('(idle)') ?? 0;
const busy = total - idle;
const pct = (x: number, of = busy) => `${((x / of) * 100).toFixed(1).padStart(5)}%`;
const ms = (x: number) =>
  `${Math.round(x / 1000)
    .toString()
    .padStart(7)} ms`;

console.log(`${file}\nprofile ${ms(total)} wall, ${ms(busy)} busy (not idle); percentages are of busy time\n`);
console.log('Self time by package / project file');
for (const [g, w] of [...selfByGroup]
  .filter(([g]) => g !== '(idle)')
  .sort((a, b) => b[1] - a[1])
  .slice(0, TOP))
  console.log(`${pct(w)} ${ms(w)}  ${g}`);

console.log(`\nTop ${TOP} functions by self time`);
for (const [f, w] of [...selfByFn]
  .filter(([f]) => !f.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, TOP))
  console.log(`${pct(w)} ${ms(w)}  ${f}`);

console.log('\nInclusive time of project functions (src/), top');
for (const [f, w] of [...inclusive]
  .filter(([f]) => / src\//.test(f))
  .sort((a, b) => b[1] - a[1])
  .slice(0, TOP))
  console.log(`${pct(w)} ${ms(w)}  ${f}`);

console.log('\nInclusive time of selected library entry points');
const wanted = [/^parse /, /^stringify /, /serialize/i, /^validate/, /^(anonymous|handle|preValidation|onRequest)/];
for (const [f, w] of [...inclusive]
  .filter(([f]) => /npm|node_modules|fastify|postgres|ajv|fast-json/.test(f) || wanted.some((r) => r.test(f)))
  .filter(([f]) => /fastify|postgres|ajv|fast-json-stringify|secure-json-parse|find-my-way|pino/.test(f))
  .sort((a, b) => b[1] - a[1])
  .slice(0, TOP))
  console.log(`${pct(w)} ${ms(w)}  ${f}`);
