import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import "./globals.css";
import { LiveUpdates } from "@/components/live-updates";
import { SiteConfigBanner } from "@/components/site-config-banner";
import { themeScript } from "@/components/theme/theme";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { maybeEngine } from "@/lib/runtime/instance";
import { configErrorText, storageView } from "@/lib/api/status-view";

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
    // The inline script sets the theme class before paint, so <html> differs from the server's.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen">
        <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <nav aria-label="Main" className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2 text-sm">
            <Link href="/" className="font-semibold tracking-tight">depwatch</Link>
            <Link href="/" className="text-zinc-600 hover:underline dark:text-zinc-300">Overview</Link>
            <Link href="/graph" className="text-zinc-600 hover:underline dark:text-zinc-300">Startup graph</Link>
            <Link href="/incidents" className="text-zinc-600 hover:underline dark:text-zinc-300">Incidents</Link>
            <span className="ml-auto flex items-center gap-3">
              {anonymous ? null : <LiveUpdates />}
              <ThemeToggle />
            </span>
          </nav>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-4">
          {anonymous ? null : <SiteConfigBanner initialError={configErrorText(maybeEngine()?.configIssues ?? [])} initialStorage={storageOf(maybeEngine())} initialClusterWarning={maybeEngine()?.peers?.view().configDiffers} />}
          {children}
        </main>
      </body>
    </html>
  );
}

/** The running engine's storage failure, if any (none before the engine starts). */
function storageOf(engine: ReturnType<typeof maybeEngine>) {
  return engine ? storageView(engine) : undefined;
}
