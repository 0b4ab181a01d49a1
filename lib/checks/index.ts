import { dockerCheck } from "@/lib/checks/docker";
import { httpCheck } from "@/lib/checks/http";
import { mountCheck } from "@/lib/checks/mount";
import { tcpCheck } from "@/lib/checks/tcp";
import { postgresCheck } from "@/lib/checks/postgres";
import { mysqlCheck } from "@/lib/checks/mysql";
import { redisCheck } from "@/lib/checks/redis";
import { amqpCheck } from "@/lib/checks/amqp";
import { mqttCheck } from "@/lib/checks/mqtt";
import { natsCheck } from "@/lib/checks/nats";
import { dnsCheck } from "@/lib/checks/dns";
import { tlsCheck } from "@/lib/checks/tls";
import type { CheckType } from "@/lib/checks/types";

/** The registry of check types: the one place a new type is added. */
export const checkTypes: Record<string, CheckType> = {
  [httpCheck.type]: httpCheck as unknown as CheckType,
  [tcpCheck.type]: tcpCheck as unknown as CheckType,
  [dockerCheck.type]: dockerCheck as unknown as CheckType,
  [mountCheck.type]: mountCheck as unknown as CheckType,
  [postgresCheck.type]: postgresCheck as unknown as CheckType,
  [mysqlCheck.type]: mysqlCheck as unknown as CheckType,
  [redisCheck.type]: redisCheck as unknown as CheckType,
  [amqpCheck.type]: amqpCheck as unknown as CheckType,
  [mqttCheck.type]: mqttCheck as unknown as CheckType,
  [natsCheck.type]: natsCheck as unknown as CheckType,
  [dnsCheck.type]: dnsCheck as unknown as CheckType,
  [tlsCheck.type]: tlsCheck as unknown as CheckType,
};

/** The check type registered under `type`; throws for an unknown type (config validation prevents it). */
export function checkTypeOf(type: string): CheckType {
  const t = checkTypes[type];
  if (!t) throw new Error(`unknown check type ${type}`);
  return t;
}
