import { describe, expect, it } from "vitest";
import { decideAccess, safeNext, type AccessRequest } from "@/lib/auth/decide";
import { credentialsOf, safeEqual } from "@/lib/auth/secret";
import { createSession, endSession, sessionValid } from "@/lib/auth/sessions";

const TOKEN = "s3cret-token";
const SELF = "http://dash.local:3000";
const req = (over: Partial<AccessRequest>): AccessRequest => ({ method: "GET", pathname: "/", search: "", selfOrigin: SELF, ...over });
const bearer = `Bearer ${TOKEN}`;
// A live server-side session, as a login opens one.
const sessionValue = (token: string) => (token === TOKEN ? SESSION : createSession(token, 60_000));
const SESSION = createSession(TOKEN, 60_000);

describe("access decision with a token", () => {
  it.each<[string, Partial<AccessRequest>, string]>([
    ["API without credentials", { pathname: "/api/status" }, "unauthorized"],
    ["API with the bearer token", { pathname: "/api/status", authorization: bearer }, "allow"],
    ["API with a lower-case bearer scheme", { pathname: "/api/status", authorization: `bearer ${TOKEN}` }, "allow"],
    ["API with a wrong token", { pathname: "/api/status", authorization: "Bearer nope" }, "unauthorized"],
    ["API with a token prefix", { pathname: "/api/status", authorization: `Bearer ${TOKEN.slice(0, -1)}` }, "unauthorized"],
    ["API with the login cookie", { pathname: "/api/status", session: sessionValue(TOKEN) }, "allow"],
    ["API with the raw token as cookie", { pathname: "/api/status", session: TOKEN }, "unauthorized"],
    ["metrics without credentials", { pathname: "/metrics" }, "unauthorized"],
    ["a page without credentials", { pathname: "/services/api", search: "?range=1h" }, "login"],
    ["a page with the cookie", { pathname: "/graph", session: sessionValue(TOKEN) }, "allow"],
    ["health", { pathname: "/api/health" }, "allow"],
    ["a share snapshot", { pathname: "/share/abc.def" }, "allow"],
    ["a badge", { pathname: "/api/badge/api" }, "allow"],
    ["a static chunk", { pathname: "/_next/static/chunks/x.js" }, "allow"],
    ["the favicon", { pathname: "/favicon.ico" }, "allow"],
    ["the page icon", { pathname: "/icon.svg" }, "allow"],
    ["a path that only starts like the icon", { pathname: "/icon.svg.map" }, "login"],
    ["the login form", { pathname: "/login" }, "allow"],
    ["a path that only starts like share", { pathname: "/shared" }, "login"],
    ["a path that only starts like health", { pathname: "/api/healthz" }, "unauthorized"],
    ["a same-origin POST with the cookie", { method: "POST", pathname: "/api/check", origin: SELF, session: sessionValue(TOKEN) }, "allow"],
    ["a cross-origin POST with the cookie", { method: "POST", pathname: "/api/check", origin: "http://evil.example", session: sessionValue(TOKEN) }, "cross-origin"],
    ["a cross-site fetch-metadata POST", { method: "POST", pathname: "/api/check", secFetchSite: "cross-site", session: sessionValue(TOKEN) }, "cross-origin"],
    ["a cross-origin POST with the bearer token", { method: "POST", pathname: "/api/check", origin: "http://tool.example", authorization: bearer }, "allow"],
    ["a POST without Origin (curl) and no credentials", { method: "POST", pathname: "/api/check" }, "unauthorized"],
    ["a cross-origin login POST", { method: "POST", pathname: "/api/login", origin: "http://evil.example" }, "cross-origin"],
  ])("%s → %s", (_name, over, kind) => {
    expect(decideAccess(req(over), TOKEN).kind).toBe(kind);
  });

  it("sends pages to the login form with where they were going", () => {
    expect(decideAccess(req({ pathname: "/services/api", search: "?range=1h" }), TOKEN)).toEqual({ kind: "login", location: "/login?next=%2Fservices%2Fapi%3Frange%3D1h" });
  });
});

describe("access decision without a token", () => {
  it.each<[string, Partial<AccessRequest>, string]>([
    ["a page", { pathname: "/" }, "allow"],
    ["an API", { pathname: "/api/status" }, "allow"],
    ["a POST from curl", { method: "POST", pathname: "/api/check" }, "allow"],
    ["a same-origin POST", { method: "POST", pathname: "/api/check", origin: SELF }, "allow"],
    ["a cross-origin POST", { method: "POST", pathname: "/api/check", origin: "http://evil.example" }, "cross-origin"],
    ["an opaque-origin POST", { method: "POST", pathname: "/api/check", origin: "null" }, "cross-origin"],
    ["a cross-origin GET", { pathname: "/api/status", origin: "http://evil.example" }, "allow"],
  ])("%s → %s", (_name, over, kind) => {
    expect(decideAccess(req(over), undefined).kind).toBe(kind);
  });
});

describe("secrets", () => {
  it.each([
    ["abc", "abc", true],
    ["abc", "abd", false],
    ["abc", "abcd", false],
    ["", "", true],
    ["", "x", false],
  ])("safeEqual(%j, %j) = %s", (a, b, eq) => {
    expect(safeEqual(a, b)).toBe(eq);
  });

  it("opens random sessions that are not the token, end on logout, and die with the token", () => {
    const a = createSession(TOKEN, 60_000);
    const b = createSession(TOKEN, 60_000);
    expect(a).not.toContain(TOKEN);
    expect(a).not.toBe(b);
    expect(sessionValid(TOKEN, a)).toBe(true);
    expect(sessionValid(`${TOKEN}2`, a)).toBe(false);
    endSession(a);
    expect(sessionValid(TOKEN, a)).toBe(false);
    expect(sessionValid(TOKEN, b)).toBe(true);
    expect(credentialsOf(TOKEN, undefined, a)).toBe("wrong");
  });

  it("ends a session once it expires", () => {
    const s = createSession(TOKEN, 1_000, 0);
    expect(sessionValid(TOKEN, s, 999)).toBe(true);
    expect(sessionValid(TOKEN, s, 1_000)).toBe(false);
  });

  it.each([
    [bearer, undefined, "bearer"],
    ["Bearer wrong", sessionValue(TOKEN), "wrong"],
    [undefined, sessionValue(TOKEN), "cookie"],
    [undefined, "v1.forged", "wrong"],
    ["Basic abc", undefined, "none"],
    [undefined, undefined, "none"],
  ])("credentialsOf(%j, cookie %j) = %s", (auth, cookie, kind) => {
    expect(credentialsOf(TOKEN, auth, cookie)).toBe(kind);
  });

  it.each([
    ["/services/api?range=1h", "/services/api?range=1h"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["/\n/evil.example", "/"],
    ["/x\\y", "/"],
    ["/\u0000", "/"],
    ["/\u007f", "/"],
    ["javascript:alert(1)", "/"],
    ["/graph?x=1#top", "/graph?x=1#top"],
    ["https://evil.example", "/"],
    ["", "/"],
    [null, "/"],
  ])("safeNext(%j) = %j", (next, safe) => {
    expect(safeNext(next)).toBe(safe);
  });
});
