import type { NextConfig } from "next";
import { securityHeaders } from "./lib/api/security-headers";

const nextConfig: NextConfig = {
  // Lets parallel builds (e.g. test runs side by side) use separate output folders.
  distDir: process.env.DEPWATCH_DIST_DIR ?? ".next",
  // Native and driver packages stay in node_modules instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "pg", "mysql2", "mqtt"],
  poweredByHeader: false,
  // README "Authentication"; the same headers as the early /api/status answer (lib/api/status-lane.ts).
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders() }];
  },
  compress: true,
};

export default nextConfig;
