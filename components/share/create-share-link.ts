import type { ShareLink } from "@/lib/api/shapes";

/** What a snapshot is of: one service (with a history window like "24h"), or everything. */
export interface ShareRequest {
  service?: string;
  range?: string;
  /** How long the link lives, e.g. "7d" (the default) up to "30d". */
  ttl?: string;
}

/** Asks the server to freeze a snapshot and answers its signed link; throws with the API's message. */
export async function createShareLink(req: ShareRequest = {}): Promise<ShareLink> {
  const res = await fetch("/api/share", { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(req) });
  const body = (await res.json().catch(() => ({}))) as Partial<ShareLink> & { error?: { message?: string } };
  if (!res.ok || !body.url) throw new Error(body.error?.message ?? `${res.status} ${res.statusText}`);
  return body as ShareLink;
}
