import type { Metadata } from "next";
import { safeNext } from "@/lib/auth/decide";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

/** The token form; a plain HTML post, so it works before (and without) any JavaScript. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNext(typeof params.next === "string" ? params.next : "/");
  const failed = params.error !== undefined;
  return (
    <div className="mx-auto mt-12 max-w-sm">
      <h1 className="mb-3 text-lg font-semibold">Sign in to depwatch</h1>
      <form method="post" action="/api/login" className="flex flex-col gap-3">
        <input type="hidden" name="next" value={next} />
        <label className="flex flex-col gap-1 text-sm">
          Access token
          <input name="token" type="password" required autoComplete="current-password" autoFocus className="rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900" />
        </label>
        {failed ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            That token is not right.
          </p>
        ) : null}
        <button type="submit" className="rounded bg-zinc-900 px-3 py-1.5 text-sm text-white dark:bg-zinc-100 dark:text-zinc-900">
          Sign in
        </button>
      </form>
    </div>
  );
}
