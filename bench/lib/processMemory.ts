import fs from 'node:fs';

/** Resident memory of a process (MB), from /proc. */
export function rssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(
      fs.readFileSync(`/proc/${pid}/status`, 'utf8'),
    )?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}
