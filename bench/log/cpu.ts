/**
 * Where the CPU goes during a phase, from /proc (Linux; elsewhere the figures are null): this
 * process (the writers), the integrator process, PostgreSQL backends grouped by application_name,
 * PostgreSQL's background processes, and the machine as a whole ("other" = busy minus all these,
 * e.g. another benchmark running at the same time).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type postgres from 'postgres';

const TICK_MS = 10; // USER_HZ = 100

function procCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) * TICK_MS;
  } catch {
    return null;
  }
}

function machineBusy(): { busy: number; total: number } | null {
  try {
    const v = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - v[3]! - (v[4] ?? 0)) * TICK_MS, total: total * TICK_MS };
  } catch {
    return null;
  }
}

interface PgProc {
  pid: number;
  group: string;
}

async function pgProcs(admin: postgres.Sql): Promise<PgProc[]> {
  const rows = await admin<{ pid: number; backend_type: string; application_name: string }[]>`
    SELECT pid, backend_type, application_name FROM pg_stat_activity WHERE pid <> pg_backend_pid()`;
  return rows.map((r) => ({
    pid: r.pid,
    group:
      r.backend_type !== 'client backend'
        ? 'pg_background'
        : r.application_name.startsWith('bench_log_')
          ? `pg_${r.application_name.slice('bench_log_'.length)}`
          : 'pg_other_clients',
  }));
}

export interface CpuSnap {
  at: number;
  self: NodeJS.CpuUsage;
  pids: Map<number, number>;
  child: number | null;
  childMs: number | null;
  machine: { busy: number; total: number } | null;
}

export async function cpuSnap(admin: postgres.Sql, childPid: number | null): Promise<CpuSnap> {
  const pids = new Map<number, number>();
  for (const p of await pgProcs(admin)) {
    const ms = procCpuMs(p.pid);
    if (ms !== null) pids.set(p.pid, ms);
  }
  return { at: performance.now(), self: process.cpuUsage(), pids, child: childPid, childMs: childPid ? procCpuMs(childPid) : null, machine: machineBusy() };
}

/** Cores used on average per group between two snapshots (1.0 = one core busy all the time). */
export async function cpuBetween(admin: postgres.Sql, a: CpuSnap, childPid: number | null, childLabel = 'node_integrator'): Promise<Record<string, number | null>> {
  const procs = await pgProcs(admin);
  const b = await cpuSnap(admin, childPid);
  const wall = b.at - a.at;
  const r = (x: number) => Math.round((x / wall) * 100) / 100;
  const out: Record<string, number | null> = {};
  out.node_writers = r((b.self.user - a.self.user + b.self.system - a.self.system) / 1000);
  out[childLabel] = childPid && a.childMs !== null && b.childMs !== null ? r(b.childMs - a.childMs) : null;
  let sum = (out.node_writers ?? 0) + (out[childLabel] ?? 0);
  const groups = new Map<string, number>();
  for (const p of procs) {
    const end = b.pids.get(p.pid);
    if (end === undefined) continue;
    groups.set(p.group, (groups.get(p.group) ?? 0) + end - (a.pids.get(p.pid) ?? 0));
  }
  for (const [g, ms] of [...groups].sort()) {
    out[g] = r(ms);
    sum += r(ms);
  }
  const cores = os.cpus().length;
  out.machine_busy = a.machine && b.machine ? Math.round(((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)) * cores * 100) / 100 : null;
  out.other = out.machine_busy === null ? null : Math.max(0, Math.round((out.machine_busy - sum) * 100) / 100);
  out.machine_cores = cores;
  return out;
}
