import os from 'node:os';

/** The machine a benchmark ran on, as its results report it. */
export function machineInfo(): { cpu: string | undefined; cores: number; memory_gib: number; node: string; os: string } {
  const cpu = os.cpus();
  return {
    cpu: cpu[0]?.model.trim(),
    cores: cpu.length,
    memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}
