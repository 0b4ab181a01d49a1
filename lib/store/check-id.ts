import { randomInt } from "node:crypto";

/** Random low bits of a check id: 1,024 ids per millisecond of start time. */
export const CHECK_ID_RANDOM_BITS = 10;
const SPREAD = 2 ** CHECK_ID_RANDOM_BITS;

/**
 * Check ids that need no single writer (ARCHITECTURE.md, "Store"): `startedAt * 1024 + random 10
 * bits`, so ids from several processes sort by start time and rarely collide, and strictly
 * increasing within one generator (an id not above the last becomes last + 1). Safe below 2^53
 * until the year 2248; ids of older stores (small counters) stay below every new one.
 */
export class CheckIdGenerator {
  private last: number;

  /** Starts above `floor` (the highest id a store already holds). */
  constructor(floor = 0, private readonly random: () => number = () => randomInt(SPREAD)) {
    this.last = floor;
  }

  /** The id of a check that started at `startedAt` (epoch ms). */
  next(startedAt: number): number {
    const low = Math.min(SPREAD - 1, Math.max(0, Math.floor(this.random())));
    let id = Math.max(0, Math.floor(startedAt)) * SPREAD + low;
    if (id <= this.last) id = this.last + 1;
    if (!Number.isSafeInteger(id)) throw new RangeError(`check id ${id} is past 2^53`);
    this.last = id;
    return id;
  }

  /** The highest id given out (or the floor). */
  get lastId(): number {
    return this.last;
  }
}
