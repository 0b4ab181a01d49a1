/**
 * `npm run cycles`: fails when folders of lib/ import each other in a cycle (ARCHITECTURE.md,
 * "Layers"). Every `@/lib/…` import (static, type-only, re-export or dynamic) is an edge from the
 * importing file's folder to the imported one; a file directly in lib/ is a folder of its own.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const root = path.join(import.meta.dirname, "..");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

function unitOf(rel: string): string {
  const parts = rel.split("/");
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.tsx?$/, "");
}

/** The folder graph: importing folder → imported folder → one example import. */
export function folderGraph(libDir: string): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of files(libDir)) {
    const from = unitOf(path.relative(libDir, file));
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    for (const ref of ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles) {
      const m = /^@\/lib\/(.+)$/.exec(ref.fileName);
      if (!m) continue;
      const to = unitOf(m[1]!);
      if (to !== from && !edges.has(to)) edges.set(to, `${path.relative(root, file)} imports ${ref.fileName}`);
    }
  }
  return graph;
}

/** Strongly connected components with more than one folder (Tarjan). */
export function cycles(graph: Map<string, Map<string, string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const graph = folderGraph(path.join(root, "lib"));
const found = cycles(graph);
for (const scc of found) {
  console.error(`import cycle between lib/ folders: ${scc.join(", ")}`);
  for (const a of scc) for (const [b, why] of graph.get(a) ?? []) if (scc.includes(b)) console.error(`  ${a} -> ${b}: ${why}`);
}
if (found.length > 0) process.exit(1);
console.log(`no import cycle between the ${graph.size} folders of lib/`);
