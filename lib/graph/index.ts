/** The dependency graph core: validation, waves, blocked/root causes, readiness, start-up timeline. */
export { graphErrors, type GraphIssue, type GraphNode } from "@/lib/graph/validate";
export { CycleError, graphOf, type Dep, type GraphIndex } from "@/lib/graph/build";
export { dependents, topologicalOrder, transitiveDependents, transitiveRequired, waves } from "@/lib/graph/waves";
export { applyBlocked, GraphStatuses, rootCauses, type BaseState, type GraphState } from "@/lib/graph/blocked";
export { readiness, type Readiness } from "@/lib/graph/readiness";
export { startupTimeline, type StartupEvent, type StartupTimeline, type TimelineEntry } from "@/lib/graph/timeline";
export { StartupTracker } from "@/lib/graph/tracker";
