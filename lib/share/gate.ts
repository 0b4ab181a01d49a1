import { shareSecret } from "@/lib/share/secret";
import { tokenFailureStatus, verifyShareToken, type TokenFailure } from "@/lib/share/token";

const TEXT: Record<404 | 410, { title: string; body: string }> = {
  410: { title: "This snapshot link has expired", body: "Share links stop working after their expiry. Ask whoever sent it for a fresh one, or open the live dashboard." },
  404: { title: "This snapshot link is not valid", body: "The link is incomplete, was changed, or was made by another dashboard. Check that it was copied in full." },
};

/** The small self-contained page answering a refused share link. */
export function refusalPage(status: 404 | 410): string {
  const t = TEXT[status];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${t.title} · depwatch</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:3rem 1rem;color:#18181b;background:#fafafa}main{max-width:36rem;margin:auto}h1{font-size:1.3rem}a{color:#1d4ed8}@media(prefers-color-scheme:dark){body{color:#e4e4e7;background:#18181b}a{color:#93c5fd}}</style></head>
<body><main><p>depwatch · HTTP ${status}</p><h1>${t.title}</h1><p>${t.body}</p><p><a href="/">Open the dashboard</a></p></main></body></html>`;
}

/**
 * For a `/share/<token>` request whose token is refused (tampered, unknown shape, expired) a 404 or
 * 410 response with a readable page; undefined for every other request, which goes on as usual.
 * It runs in front of the page because a rendered page cannot choose 410.
 */
export function shareRefusal(pathname: string, now = Date.now()): Response | undefined {
  const m = /^\/share\/([^/]+)\/?$/.exec(pathname);
  if (!m) return undefined;
  let token: string;
  try {
    token = decodeURIComponent(m[1]!);
  } catch {
    return refusal("malformed");
  }
  const check = verifyShareToken(shareSecret(), token, now);
  return check.ok ? undefined : refusal(check.reason);
}

function refusal(reason: TokenFailure): Response {
  const status = tokenFailureStatus(reason);
  return new Response(refusalPage(status), { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-robots-tag": "noindex" } });
}
