import { dockerCheck } from "@/lib/checks/docker";
import { httpCheck } from "@/lib/checks/http";
import { mountCheck } from "@/lib/checks/mount";
import { tcpCheck } from "@/lib/checks/tcp";
import type { CheckType } from "@/lib/checks/types";

/** The registry of check types: the one place a new type is added. */
export const checkTypes: Record<string, CheckType> = {
  [httpCheck.type]: httpCheck as unknown as CheckType,
  [tcpCheck.type]: tcpCheck as unknown as CheckType,
  [dockerCheck.type]: dockerCheck as unknown as CheckType,
  [mountCheck.type]: mountCheck as unknown as CheckType,
};

/** The check type registered under `type`; throws for an unknown type (config validation prevents it). */
export function checkTypeOf(type: string): CheckType {
  const t = checkTypes[type];
  if (!t) throw new Error(`unknown check type ${type}`);
  return t;
}
