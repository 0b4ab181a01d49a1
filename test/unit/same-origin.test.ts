import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/respond";
import { assertSameOrigin, requestOrigin } from "@/lib/api/same-origin";

describe("same-origin rule", () => {
  it.each([
    ["no Origin header (curl)", {}, true],
    ["same origin", { origin: "http://dash.local:3000", host: "dash.local:3000" }, true],
    ["same origin, different case", { origin: "http://DASH.local:3000", host: "dash.local:3000" }, true],
    ["another site", { origin: "http://evil.example", host: "dash.local:3000" }, false],
    ["another port", { origin: "http://dash.local:3001", host: "dash.local:3000" }, false],
    ["another scheme", { origin: "https://dash.local:3000", host: "dash.local:3000" }, false],
    ["opaque origin", { origin: "null", host: "dash.local:3000" }, false],
    ["behind a TLS proxy", { origin: "https://status.example.com", host: "10.0.0.5:3000", "x-forwarded-host": "status.example.com", "x-forwarded-proto": "https" }, true, true],
    ["forged forwarded headers without DEPWATCH_TRUST_PROXY", { origin: "http://evil.example", host: "dash.local:3000", "x-forwarded-host": "evil.example" }, false, false],
  ])("%s", (_name, headers: Record<string, string>, allowed, trusted = false) => {
    const req = new Request("http://dash.local:3000/api/check", { method: "POST", headers });
    if (allowed) expect(() => assertSameOrigin(req, trusted)).not.toThrow();
    else {
      const err = (() => {
        try {
          assertSameOrigin(req, trusted);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(403);
    }
  });

  it("derives the origin from the Host header", () => {
    expect(requestOrigin(new Request("http://127.0.0.1:3000/x", { headers: { host: "example.test:8080" } }))).toBe("http://example.test:8080");
  });
});
