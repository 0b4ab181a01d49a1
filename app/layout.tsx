import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import "./globals.css";
import { LiveUpdates } from "@/components/live-updates";
import { SiteConfigBanner } from "@/components/site-config-banner";
import { maybeEngine } from "@/lib/runtime/instance";
import { configErrorText } from "@/lib/runtime/view";

export const metadata: Metadata = {
  title: { default: "depwatch", template: "%s · depwatch" },
  description: "Dependency health: live status, startup order, retries and timeouts.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // proxy.ts marks pages that may be viewed without credentials (share snapshots, login): they
  // get neither live updates (the stream needs credentials) nor config errors.
  const anonymous = (await headers()).get("x-depwatch-public") === "1";
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <nav className="mx-auto flex max-w-7xl items-center gap-4 px-4 py-2 text-sm">
            <Link href="/" className="font-semibold tracking-tight">depwatch</Link>
            <Link href="/" className="text-zinc-600 hover:underline dark:text-zinc-300">Overview</Link>
            <Link href="/graph" className="text-zinc-600 hover:underline dark:text-zinc-300">Startup graph</Link>
            <Link href="/incidents" className="text-zinc-600 hover:underline dark:text-zinc-300">Incidents</Link>
            {anonymous ? null : <LiveUpdates />}
          </nav>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-4">
          {anonymous ? null : <SiteConfigBanner initialError={configErrorText(maybeEngine()?.configIssues ?? [])} />}
          {children}
        </main>
      </body>
    </html>
  );
}
