// Response headers every answer carries (README "Authentication"): pages cannot be framed
// (clickjacking), sniffed, or leak share links through Referer. Next.js's own inline scripts need
// 'unsafe-inline'. Read by next.config.ts for Next's answers and by the early status answer
// (lib/api/status-lane.ts), so both send the same; no imports, so the config can load it.

/** The Content-Security-Policy: React's development build evaluates code; production does not. */
export function contentSecurityPolicy(development = process.env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The security headers, as Next.js's `headers()` config takes them. */
export function securityHeaders(): { key: string; value: string }[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy() },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "no-referrer" },
  ];
}
