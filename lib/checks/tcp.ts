import { connect, type Socket } from "node:net";
import { z } from "zod";
import { classifyError } from "@/lib/checks/classify";
import type { CheckType } from "@/lib/checks/types";
import { parseServiceUrl } from "@/lib/checks/util";
import type { ProbeResult } from "@/lib/model";

const schema = z.strictObject({
  type: z.literal("tcp"),
  url: z
    .string()
    .regex(/^tcp:\/\/[^/\s]+:\d+\/?$/, { message: 'expected "tcp://host:port"', abort: true })
    .refine((s) => parseServiceUrl(s, { tcp: 0 }) !== undefined, "expected a port between 1 and 65535"),
});

/** A parsed `tcp://host:port`. */
export function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ""), port: Number(u.port) };
}

/** Opens a TCP connection and closes it: passes when the port accepts. */
export const tcpCheck: CheckType<z.infer<typeof schema>> = {
  type: "tcp",
  schema,
  target: (c) => c.url.replace(/^tcp:\/\//, ""),
  probe(config, { signal }) {
    const { host, port } = hostPort(config.url);
    return new Promise<ProbeResult>((resolve) => {
      if (signal.aborted) return resolve(classifyError(signal.reason, signal, "connect"));
      const socket: Socket = connect({ host, port });
      const done = (r: ProbeResult) => {
        signal.removeEventListener("abort", onAbort);
        socket.destroy();
        resolve(r);
      };
      const onAbort = () => done(classifyError(signal.reason, signal, "connect"));
      signal.addEventListener("abort", onAbort, { once: true });
      socket.once("connect", () => done({ outcome: "ok", message: `connected to ${host}:${port}` }));
      socket.once("error", (err) => done(classifyError(err, signal, "connect")));
    });
  },
};
