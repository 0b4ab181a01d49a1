import type { NextConfig } from "next";

const CSP = [
  "default-src 'self'",
  // React's development build evaluates code; production does not.
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: CSP },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "no-referrer" },
];

const nextConfig: NextConfig = {
  // Lets parallel builds (e.g. test runs side by side) use separate output folders.
  distDir: process.env.DEPWATCH_DIST_DIR ?? ".next",
  // Native and driver packages stay in node_modules instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "pg", "mysql2", "mqtt"],
  poweredByHeader: false,
  // README "Authentication": pages cannot be framed (clickjacking), sniffed, or leak share links
  // through Referer. Next.js's own inline scripts need 'unsafe-inline'.
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
  compress: true,
};

export default nextConfig;
