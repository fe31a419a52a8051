import { describe, expect, it } from "vitest";
import { createMemoryLimiter } from "./memory";

/** A clock the test moves by hand, starting exactly at the start of a window. */
function manualClock(start = Date.UTC(2026, 10, 30, 12, 0, 0)) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms), start };
}

describe("in-process sliding-window limiter", () => {
  it("allows exactly the configured requests per window, then denies until the window ends", async () => {
    const clock = manualClock();
    const limiter = createMemoryLimiter({ prefix: "t", requests: 3, windowSeconds: 10 }, clock.now);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.limit("key"));
    expect(results.map((result) => [result.success, result.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(results[3]).toMatchObject({ limit: 3, reset: clock.start + 10_000 });
    clock.advance(9_999);
    expect((await limiter.limit("key")).success).toBe(false);
    // At the boundary itself the previous window still weighs in full; one ms later it does not.
    clock.advance(1);
    expect((await limiter.limit("key")).success).toBe(false);
    clock.advance(1);
    expect((await limiter.limit("key")).success).toBe(true);
  });

  it("weighs the previous window by how much of it still overlaps", async () => {
    const clock = manualClock();
    const limiter = createMemoryLimiter({ prefix: "t", requests: 10, windowSeconds: 10 }, clock.now);
    for (let i = 0; i < 10; i++) await limiter.limit("key");
    clock.advance(10_000 + 5_000); // halfway into the next window: 10 × 0.5 = 5 still count
    const allowed = [];
    for (let i = 0; i < 6; i++) allowed.push((await limiter.limit("key")).success);
    expect(allowed).toEqual([true, true, true, true, true, false]);
  });

  it("keeps identifiers apart and peeks without counting", async () => {
    const clock = manualClock();
    const limiter = createMemoryLimiter({ prefix: "t", requests: 2, windowSeconds: 60 }, clock.now);
    await limiter.limit("a");
    await limiter.limit("a");
    expect(await limiter.peek("a")).toMatchObject({ success: false, remaining: 0 });
    expect(await limiter.peek("b")).toMatchObject({ success: true, remaining: 2 });
    expect(await limiter.peek("b")).toMatchObject({ success: true, remaining: 2 });
    expect((await limiter.limit("b")).success).toBe(true);
  });

  it("answers limitNow and peekNow synchronously, on the same counters as limit and peek", async () => {
    const clock = manualClock();
    const limiter = createMemoryLimiter({ prefix: "t", requests: 2, windowSeconds: 60 }, clock.now);
    expect(limiter.limitNow("a")).toMatchObject({ success: true, remaining: 1 });
    expect(await limiter.peek("a")).toMatchObject({ success: true, remaining: 1 });
    await limiter.limit("a");
    expect(limiter.peekNow("a")).toMatchObject({ success: false, remaining: 0 });
    expect(limiter.limitNow("a")).toMatchObject({ success: false, remaining: 0, reset: clock.start + 60_000 });
  });

  it("forgets windows that no longer count", async () => {
    const clock = manualClock();
    const limiter = createMemoryLimiter({ prefix: "t", requests: 1, windowSeconds: 1 }, clock.now);
    await limiter.limit("a");
    clock.advance(2_000);
    expect(await limiter.limit("a")).toMatchObject({ success: true, remaining: 0 });
  });

  it("holds at most its bound of identifiers, forgetting the least recently counted", async () => {
    const clock = manualClock();
    const limiter = createMemoryLimiter({ prefix: "t", requests: 1, windowSeconds: 60 }, clock.now, 3);
    for (const id of ["a", "b", "c"]) await limiter.limit(id);
    await limiter.limit("a"); // "a" is now the most recent; "b" the least
    await limiter.limit("d");
    expect(limiter.size()).toBe(3);
    expect((await limiter.peek("b")).remaining).toBe(1); // forgotten
    expect((await limiter.peek("a")).remaining).toBe(0);
    for (let i = 0; i < 10_000; i++) await limiter.limit(`flood-${i}`);
    expect(limiter.size()).toBe(3);
    // Peeking never creates an entry.
    await limiter.peek("never-counted");
    expect(limiter.size()).toBe(3);
  });

  it("gives back a reserved request within the window", async () => {
    const clock = manualClock();
    const limiter = createMemoryLimiter({ prefix: "t", requests: 2, windowSeconds: 60 }, clock.now);
    await limiter.limit("a");
    await limiter.limit("a");
    expect((await limiter.limit("a")).success).toBe(false);
    await limiter.refund("a");
    expect((await limiter.limit("a")).success).toBe(true);
    await limiter.refund("unknown"); // nothing to give back, nothing created
    expect(limiter.size()).toBe(1);
  });
});
