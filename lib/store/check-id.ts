import { randomInt } from "node:crypto";

let last = 0;

/**
 * A time-ordered check id that needs no coordination between writers: the start time in ms times
 * 1,024 plus 10 random bits, strictly increasing within a process (when not above the last id
 * given out, the last id plus one).
 */
export function nextCheckId(startedAt: number): number {
  let id = Math.floor(startedAt) * 1024 + randomInt(1024);
  if (id <= last) id = last + 1;
  last = id;
  return id;
}
