import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat times. */
const TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface StatLine {
  ppid: number;
  /** utime + stime, ticks. */
  cpu: number;
  /** cutime + cstime: CPU of children already reaped, ticks. */
  childCpu: number;
}

function readStat(pid: number): StatLine | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: fields start after the last ")".
    const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), cpu: Number(f[11]) + Number(f[12]), childCpu: Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined;
  }
}

function rssKb(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** `root` and every process below it. */
export function treePids(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (!s) continue;
    const list = children.get(s.ppid) ?? [];
    list.push(Number(name));
    children.set(s.ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** One reading of a process tree: CPU seconds used so far and resident memory now. */
export interface TreeSample {
  at: number;
  cpuSeconds: number;
  rssBytes: number;
  processes: number;
}

/** Reads CPU (own + reaped children) and RSS summed over the tree under `root`. */
export function sampleTree(root: number): TreeSample {
  let ticks = 0;
  let kb = 0;
  const pids = treePids(root);
  for (const pid of pids) {
    const s = readStat(pid);
    if (!s) continue;
    ticks += s.cpu + (pid === root ? s.childCpu : 0);
    kb += rssKb(pid);
  }
  return { at: performance.now(), cpuSeconds: ticks / TICKS, rssBytes: kb * 1024, processes: pids.length };
}

/** CPU use between two samples, as a percentage of one core. */
export function cpuPercent(a: TreeSample, b: TreeSample): number {
  const wall = (b.at - a.at) / 1000;
  return wall > 0 ? ((b.cpuSeconds - a.cpuSeconds) / wall) * 100 : 0;
}

/** Samples RSS every `everyMs` until stopped; returns every sample taken. */
export function rssSampler(root: number, everyMs: number): { stop(): TreeSample[] } {
  const samples: TreeSample[] = [sampleTree(root)];
  const t = setInterval(() => samples.push(sampleTree(root)), everyMs);
  return {
    stop() {
      clearInterval(t);
      samples.push(sampleTree(root));
      return samples;
    },
  };
}
