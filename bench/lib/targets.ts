import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

/** Arrival times (epoch ms, fractional) of requests, by request path. */
export type Arrivals = Record<string, number[]>;

/** A handle on the simulated-targets child process. */
export interface Targets {
  httpPort: number;
  hungPort: number;
  /** The URL a healthy service `i` is checked at. */
  url(i: number): string;
  /** The path of service `i`, as keys of `arrivals()`. */
  path(i: number): string;
  arrivals(): Promise<Arrivals>;
  reset(): Promise<void>;
  stats(): Promise<{ hungOpen: number; hungAccepted: number }>;
  /** How late the targets process's own 10 ms timer fired in [from, to) (epoch ms): the machine's share of lateness. */
  canary(from: number, to: number): Promise<number[]>;
  stop(): Promise<void>;
}

/** Starts the targets in a child process and waits until both servers listen. */
export async function startTargets(): Promise<Targets> {
  const child: ChildProcess = fork(path.join(import.meta.dirname, "targets-child.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ports = await new Promise<{ httpPort: number; hungPort: number }>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the targets process exited with ${code} before listening`));
    child.once("exit", onExit);
    child.once("message", (m: { httpPort: number; hungPort: number }) => {
      child.off("exit", onExit);
      resolve(m);
    });
  });
  let next = 0;
  const ask = <T>(cmd: string, extra: Record<string, unknown> = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      const onMessage = (m: { id?: number } & T) => {
        if (m.id !== id) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(m);
      };
      const onExit = () => reject(new Error("the targets process exited"));
      child.on("message", onMessage);
      child.once("exit", onExit);
      child.send({ id, cmd, ...extra });
    });
  const pathOf = (i: number) => `/s/${i}`;
  return {
    ...ports,
    url: (i) => `http://127.0.0.1:${ports.httpPort}${pathOf(i)}`,
    path: pathOf,
    arrivals: async () => (await ask<{ arrivals: Arrivals }>("arrivals")).arrivals,
    reset: async () => void (await ask("reset")),
    stats: () => ask<{ hungOpen: number; hungAccepted: number }>("stats"),
    canary: async (from, to) => (await ask<{ late: number[] }>("canary", { from, to })).late,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
