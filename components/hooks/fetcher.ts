/** An HTTP error from the API, with its status, so SWR's `error` says what failed. */
export class FetchError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** SWR fetcher: JSON on success, throws FetchError with the API's message otherwise. */
export async function fetcher<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" } });
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = (await res.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // not JSON: keep the status line
    }
    throw new FetchError(message, res.status);
  }
  return (await res.json()) as T;
}
