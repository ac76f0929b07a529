/**
 * Where the CPU goes during a scenario: the server process, this database's PostgreSQL backends,
 * PostgreSQL's background processes, the load generator, and the machine as a whole. Read from
 * /proc (Linux only; elsewhere every figure is null).
 */
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function procCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) * TICK_MS; // utime, stime
  } catch {
    return null;
  }
}

function machineCpu(): { busyMs: number; totalMs: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = v[3]! + (v[4] ?? 0);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busyMs: (total - idle) * TICK_MS, totalMs: total * TICK_MS };
  } catch {
    return null;
  }
}

export interface PidGroups {
  server: number[];
  pgBackends: number[];
  pgBackground: number[];
}

export interface CpuSnapshot {
  at: number;
  perPid: Map<number, number>;
  groups: PidGroups;
  self: NodeJS.CpuUsage;
  machine: { busyMs: number; totalMs: number } | null;
}

export function snapshot(groups: PidGroups): CpuSnapshot {
  const perPid = new Map<number, number>();
  for (const pid of [...groups.server, ...groups.pgBackends, ...groups.pgBackground]) {
    const ms = procCpuMs(pid);
    if (ms !== null) perPid.set(pid, ms);
  }
  return { at: performance.now(), perPid, groups, self: process.cpuUsage(), machine: machineCpu() };
}

export interface CpuReport {
  wall_s: number;
  /** Cores used on average (1.0 = one core busy the whole time). */
  server_cores: number | null;
  pg_backends_cores: number | null;
  pg_background_cores: number | null;
  load_generator_cores: number;
  machine_busy_cores: number | null;
  /** Machine busy minus everything above: other programs (or the kernel) competing for the CPUs. */
  other_cores: number | null;
  machine_cores: number;
}

/** CPU between two snapshots; pids seen only at the end count from zero (new connections). */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot, cores: number): CpuReport {
  const wallMs = b.at - a.at;
  const sum = (pids: number[]) => {
    let total = 0;
    let any = false;
    for (const pid of new Set(pids)) {
      const end = b.perPid.get(pid);
      if (end === undefined) continue;
      any = true;
      total += end - (a.perPid.get(pid) ?? 0);
    }
    return any ? round(total / wallMs) : null;
  };
  const self = (b.self.user - a.self.user + b.self.system - a.self.system) / 1000;
  const machine = a.machine && b.machine ? round(((b.machine.busyMs - a.machine.busyMs) / (b.machine.totalMs - a.machine.totalMs)) * cores) : null;
  const server = sum(b.groups.server);
  const pgBackends = sum(b.groups.pgBackends);
  const pgBackground = sum(b.groups.pgBackground);
  const loadGenerator = round(self / wallMs);
  return {
    wall_s: round(wallMs / 1000),
    server_cores: server,
    pg_backends_cores: pgBackends,
    pg_background_cores: pgBackground,
    load_generator_cores: loadGenerator,
    machine_busy_cores: machine,
    other_cores: machine === null ? null : round(Math.max(0, machine - (server ?? 0) - (pgBackends ?? 0) - (pgBackground ?? 0) - loadGenerator)),
    machine_cores: cores,
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
