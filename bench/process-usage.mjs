// CPU time and resident memory of a worker process and its children (our task hosts), from /proc.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

function childPids(pid) {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
}

/** CPU ms so far of one thread of a process (its main thread when tid is the pid), from /proc. */
export function threadCpuMs(pid, tid) {
  return statCpuMs(`/proc/${pid}/task/${tid}/stat`, false);
}

/** utime+stime of one process in ms, with cutime+cstime (children it has reaped); 0 once it is gone. */
function cpuMsOf(pid, withReaped) {
  return statCpuMs(`/proc/${pid}/stat`, withReaped);
}

function statCpuMs(path, withReaped) {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // the name may contain spaces
    const ticks = Number(fields[11]) + Number(fields[12]) + (withReaped ? Number(fields[13]) + Number(fields[14]) : 0);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function rssMbOf(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    return 0;
  }
}

/** CPU ms so far of a process and its live children (task hosts), their summed RSS now, and each one's. */
export function processUsage(pid) {
  const pids = [pid, ...childPids(pid)];
  const rssByPid = new Map(pids.map((p) => [p, rssMbOf(p)]));
  return {
    cpuMs: cpuMsOf(pid, true) + pids.slice(1).reduce((s, p) => s + cpuMsOf(p, true), 0),
    /** The process's own CPU ms, without its children's. */
    ownCpuMs: cpuMsOf(pid, false),
    rssMb: [...rssByPid.values()].reduce((s, v) => s + v, 0),
    rssByPid,
  };
}

/**
 * CPU ms so far of every process with this command name (`mariadbd`, `postgres`), with the children
 * they reaped: PostgreSQL's backends are processes of their own, counted live, or once they exit in
 * the postmaster's reaped time. For a database server's share of a benchmark, read before and after.
 */
export function commandCpuMs(command) {
  let pids;
  try {
    pids = execFileSync('pgrep', ['-x', command], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return 0; // none running
  }
  return pids.reduce((sum, pid) => sum + cpuMsOf(pid, true), 0);
}

/** Samples the summed RSS of a process and its children every `intervalMs` until stopped; keeps the peaks, also per process. */
export class UsageSampler {
  peakRssMb = 0;
  peakRssByPid = new Map();
  #timer;

  constructor(pid, intervalMs = 250) {
    const sample = () => {
      const usage = processUsage(pid);
      this.peakRssMb = Math.max(this.peakRssMb, usage.rssMb);
      for (const [p, mb] of usage.rssByPid) this.peakRssByPid.set(p, Math.max(this.peakRssByPid.get(p) ?? 0, mb));
    };
    sample();
    this.#timer = setInterval(sample, intervalMs);
  }

  stop() {
    clearInterval(this.#timer);
  }
}
