/** Reads `a.b[0].c` (an optional leading `$.` is allowed) out of parsed JSON; undefined when absent. */
export function readJsonPath(value: unknown, path: string): unknown {
  const steps = path.replace(/^\$\.?/, "").match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let cur: unknown = value;
  for (const step of steps) {
    if (cur === null || typeof cur !== "object") return undefined;
    const key = step.startsWith("[") ? Number(step.slice(1, -1)) : step;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}
