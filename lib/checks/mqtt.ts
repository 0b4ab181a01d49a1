import { randomBytes } from "node:crypto";
import { isIP, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { MqttClient } from "mqtt";
import { z } from "zod";
import { classifyError } from "@/lib/checks/classify";
import type { CheckType } from "@/lib/checks/types";
import { capReads, LIBRARY_TIMEOUT_SLACK_MS } from "@/lib/checks/read-cap";
import { dial, endpoint, hideSecrets, mustParse, onAbort, phaseTracker, serviceUrlSchema, type ServiceUrl } from "@/lib/checks/util";
import type { Outcome, Phase, ProbeResult } from "@/lib/model";

const PORTS = { mqtt: 1883, mqtts: 8883 };

const schema = z.strictObject({
  type: z.literal("mqtt"),
  url: serviceUrlSchema(PORTS, "mqtt://[user:pass@]host:1883"),
});

type MqttConfig = z.infer<typeof schema>;

/**
 * The outcome of a refused CONNACK: MQTT 3.1.1 codes 4 (bad user name or password) and 5 (not
 * authorized), MQTT 5 reason codes 0x86, 0x87 and 0x8C (bad authentication method) are `auth`.
 */
export function connackOutcome(code: number): Outcome {
  return [4, 5, 0x86, 0x87, 0x8c].includes(code) ? "auth" : "error";
}

/** Opens the attempt's socket (TLS for `mqtts`), capped in what it reads and destroyed by the signal, with its phase. */
function openStream(u: ServiceUrl, signal: AbortSignal): { stream: Socket; phase: () => Phase } {
  const stream = u.scheme === "mqtts" ? tlsConnect({ host: u.host, port: u.port, servername: isIP(u.host) ? undefined : u.host }) : dial(u.host, u.port, signal);
  stream.on("error", () => undefined);
  onAbort(signal, () => stream.destroy());
  return { stream: capReads(stream), phase: phaseTracker(stream, u.scheme === "mqtts") };
}

/** MQTT: CONNECT (with credentials when the URL has them) and wait for a successful CONNACK. */
export const mqttCheck: CheckType<MqttConfig> = {
  type: "mqtt",
  schema,
  target: (c) => {
    const u = mustParse(c.url, PORTS);
    return endpoint(u.host, u.port);
  },
  probe(config, { signal, timeoutMs }) {
    const u = mustParse(config.url, PORTS);
    if (signal.aborted) return Promise.resolve(classifyError(signal.reason, signal, "connect"));
    return new Promise<ProbeResult>((resolve) => {
      let settled = false;
      // Our own stream: the client library buffers whatever length a packet announces.
      const { stream, phase } = openStream(u, signal);
      const client = new MqttClient(() => stream, {
        host: u.host,
        port: u.port,
        protocol: u.scheme === "mqtts" ? "mqtts" : "mqtt",
        username: u.username,
        password: u.password,
        clientId: `depwatch-${randomBytes(6).toString("hex")}`,
        clean: true,
        // A backstop only: the attempt's signal decides the timeout.
        connectTimeout: timeoutMs + LIBRARY_TIMEOUT_SLACK_MS,
        reconnectPeriod: 0,
      });
      const done = (r: ProbeResult) => {
        if (settled) return;
        settled = true;
        dispose();
        // end(true) destroys the socket at once, whatever state the handshake is in.
        client.end(true);
        stream.destroy();
        if (r.message !== undefined) r.message = hideSecrets(r.message, [u.password]);
        resolve(r);
      };
      const dispose = onAbort(signal, () => done(classifyError(signal.reason, signal, phase())));
      client.once("connect", (packet) => done({ outcome: "ok", message: `CONNACK accepted${packet.sessionPresent ? " (session present)" : ""}` }));
      client.once("error", (err) => {
        const code: unknown = (err as { code?: unknown }).code;
        if (typeof code === "number" && !signal.aborted) {
          done({ outcome: connackOutcome(code), phase: "response", message: `CONNACK refused with code ${code}: ${err.message}` });
        } else {
          done(classifyError(err, signal, phase()));
        }
      });
      client.once("close", () => done({ outcome: "error", phase: phase(), message: "connection closed before CONNACK" }));
    });
  },
};
