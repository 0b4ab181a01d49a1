import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Lets parallel builds (e.g. test runs side by side) use separate output folders.
  distDir: process.env.DEPWATCH_DIST_DIR ?? ".next",
  // Native and driver packages stay in node_modules instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "pg", "mysql2", "mqtt"],
  poweredByHeader: false,
  compress: true,
};

export default nextConfig;
