import type { Status } from "@/lib/model";
import type { UptimeView } from "@/lib/api/shapes";

/** Badge colours by status (shields.io's palette); text always says the status too. */
export const BADGE_COLOURS: Record<Status | "unknown", string> = {
  up: "#4c1",
  degraded: "#dfb317",
  down: "#e05d44",
  blocked: "#8250df",
  waiting: "#007ec6",
  starting: "#007ec6",
  pending: "#9f9f9f",
  maintenance: "#555",
  unknown: "#9f9f9f",
};

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

// Approximate advance of 11px Verdana, wide enough that text never overflows its box.
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[mwMW@%]/.test(ch) ? 10 : /[A-Z0-9#&]/.test(ch) ? 7.5 : /[il.,:;|!' ]/.test(ch) ? 3.5 : 6.5;
  return Math.ceil(w);
}

/** A flat two-part badge ("depwatch | up") as an SVG document, with an accessible name. */
export function badgeSvg(label: string, message: string, colour: string): string {
  const l = escapeXml(label);
  const m = escapeXml(message);
  const lw = textWidth(label) + 12;
  const mw = textWidth(message) + 12;
  const w = lw + mw;
  const fill = /^#[0-9a-fA-F]{3,8}$/.test(colour) ? colour : BADGE_COLOURS.unknown;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${l}: ${m}"><title>${l}: ${m}</title>` +
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
    `<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${mw}" height="20" fill="${fill}"/><rect width="${w}" height="20" fill="url(#s)"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">` +
    `<text x="${lw / 2}" y="15" fill="#010101" fill-opacity=".3">${l}</text><text x="${lw / 2}" y="14">${l}</text>` +
    `<text x="${lw + mw / 2}" y="15" fill="#010101" fill-opacity=".3">${m}</text><text x="${lw + mw / 2}" y="14">${m}</text></g></svg>`;
}

/** Headers of a badge: never cached (it is live), and inert if opened directly. */
export const BADGE_HEADERS: Record<string, string> = {
  "content-type": "image/svg+xml; charset=utf-8",
  "cache-control": "no-cache, max-age=0",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
};

/** The message and colour of an uptime badge; `ok` is false for a range that is not offered. */
export function uptimeBadge(uptime: Record<"24h" | "7d" | "30d" | "90d", UptimeView>, range: string | null): { message: string; colour: string; ok: boolean } {
  const key = (range ?? "30d") as keyof typeof uptime;
  const u = Object.hasOwn(uptime, key) ? uptime[key] : undefined;
  if (!u) return { message: "range: 24h, 7d, 30d or 90d", colour: BADGE_COLOURS.unknown, ok: false };
  if (u.percent === null) return { message: "no data", colour: BADGE_COLOURS.unknown, ok: true };
  const p = u.percent;
  const colour = p >= 99.9 ? BADGE_COLOURS.up : p >= 99 ? "#97ca00" : p >= 95 ? BADGE_COLOURS.degraded : BADGE_COLOURS.down;
  return { message: `${p >= 99.99 ? p.toFixed(2) : p >= 10 ? p.toFixed(2) : p.toFixed(1)}%`, colour, ok: true };
}
