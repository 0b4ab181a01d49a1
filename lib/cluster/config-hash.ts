import { createHash } from "node:crypto";

/**
 * A short fingerprint of a config, compared between instances sharing a database: different
 * fingerprints mean their config files differ (README.md "Several instances"). Key order does
 * not matter; the hash reveals nothing of the config's secrets.
 */
export function configHash(config: unknown): string {
  return createHash("sha256").update(stableJson(config)).digest("hex").slice(0, 16);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}
