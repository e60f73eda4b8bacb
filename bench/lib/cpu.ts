// CPU time of a process, read from /proc (Linux).
import { readFileSync } from 'node:fs';

/** utime + stime of a process in seconds (Linux /proc; clock ticks of 100 Hz). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
