import type { z } from "zod";

/** A zod issue's message, phrased for config authors ("is required", "unknown field …"). */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return "is required";
  if (issue.code === "unrecognized_keys") return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  if (issue.code === "invalid_value" && issue.values.length > 0) return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  return issue.message;
}

/** One issue per unknown field (pointing at the field itself), otherwise the issue as it is. */
export function expandIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string }[] {
  if (issue.code === "unrecognized_keys") return issue.keys.map((k) => ({ path: [...issue.path, k], message: "unknown field" }));
  return [{ path: issue.path, message: issueMessage(issue) }];
}
