import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { componentLogger } from "@/lib/log";
import { startMailServer } from "@/tests/mail";
import { runJob } from "../jobs/registry";
import {
  BACKOFF_BASE_MS,
  backoffMs,
  claimWithoutSending,
  enqueue,
  LEASE_MS,
  MAX_ATTEMPTS,
  runOutbox,
  sendDue,
  sendOutboxMessages,
} from "./outbox";

/**
 * The outbox against Postgres (or the embedded database) and a real SMTP server, read by lib/env
 * on first use, so started before anything asks for it. The sender's clock is passed in, so a
 * lease's expiry or a backoff is a moved clock, not a wait.
 */
const mail = await startMailServer();
process.env.SMTP_URL = mail.url;
afterAll(() => mail.stop());

beforeEach(async () => {
  await db.outboxMessage.deleteMany();
});

let counter = 0;
async function message(subject = `Outbox test ${++counter}`) {
  const id = await enqueue(db, {
    kind: "email",
    payload: { to: ["ada@example.test", "grace@example.test"], subject, text: `About ${subject}.` },
  });
  return { id, subject };
}

const received = (subject: string) => mail.received.filter((email) => email.subject === subject);
const at = (date: Date) => () => date;
const later = (ms: number) => new Date(Date.now() + ms);

describe("the outbox", () => {
  it("sends a message enqueued in a transaction once it commits, and nothing of a rolled-back one", async () => {
    const kept = await db.$transaction((tx) =>
      enqueue(tx, { kind: "email", payload: { to: ["ada@example.test"], subject: "Committed", text: "Yes." } }),
    );
    await expect(
      db.$transaction(async (tx) => {
        await enqueue(tx, {
          kind: "email",
          payload: { to: ["ada@example.test"], subject: "Rolled back", text: "No." },
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const before = mail.received.length;
    await sendOutboxMessages([kept]);
    expect(await runOutbox()).toMatchObject({ sent: 0, failed: 0, complete: true });
    await mail.waitFor(before + 1);
    expect(received("Committed")).toHaveLength(1);
    expect(received("Committed")[0].recipients).toEqual(["ada@example.test"]);
    expect(received("Rolled back")).toEqual([]);
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { id: kept } });
    expect(row).toMatchObject({ attempts: 1, lockedUntil: null, failedAt: null, lastError: null });
    expect(row.sentAt).not.toBeNull();
    expect(await db.outboxMessage.count()).toBe(1);
  });

  it("retries a message whose sender died (claimed, never sent) once its lease expires, and not before", async () => {
    const { id, subject } = await message();
    const claimedAt = new Date();
    expect(await claimWithoutSending(claimedAt, 10)).toEqual([id]); // …and the sender dies here

    expect(await runOutbox({ now: at(new Date(claimedAt.getTime() + 1_000)) })).toMatchObject({ sent: 0 });
    expect(await sendDue({ now: at(new Date(claimedAt.getTime() + LEASE_MS - 1)) })).toMatchObject({ sent: 0 });
    await sendOutboxMessages([id]); // the immediate path respects the lease too
    expect(received(subject)).toEqual([]);

    expect(await sendDue({ now: at(new Date(claimedAt.getTime() + LEASE_MS)) })).toMatchObject({ sent: 1 });
    await mail.waitFor(mail.received.length);
    expect(received(subject)).toHaveLength(1);
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ attempts: 2 });
    expect(await sendDue({ now: at(later(10 * LEASE_MS)) })).toMatchObject({ sent: 0 }); // sent stays sent
    expect(received(subject)).toHaveLength(1);
  });

  it("never sends a message twice when senders run at once", async () => {
    const messages = [];
    for (let i = 0; i < 24; i++) messages.push(await message(`Concurrent ${i}`));
    const before = mail.received.length;
    const runs = await Promise.all([
      sendDue(),
      sendDue(),
      sendDue(),
      sendOutboxMessages(messages.slice(0, 12).map((m) => m.id)).then(() => ({ sent: 0 })),
    ]);
    await mail.waitFor(before + 24);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a duplicate would have arrived by now
    for (const { subject } of messages) expect(received(subject), subject).toHaveLength(1);
    expect(mail.received.length).toBe(before + 24);
    expect(runs.slice(0, 3).reduce((sum, run) => sum + run.sent, 0)).toBeLessThanOrEqual(24);
    expect(await db.outboxMessage.count({ where: { sentAt: null } })).toBe(0);
    expect(await db.outboxMessage.count({ where: { attempts: { not: 1 } } })).toBe(0);
  });

  it("backs off exponentially while the mail server is down, then gives up after the last attempt (logged as an error)", async () => {
    const { id, subject } = await message();
    const error = vi.spyOn(componentLogger("outbox"), "error");
    await mail.down();
    try {
      let clock = new Date();
      for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
        expect(await sendDue({ now: at(clock) }), `attempt ${attempt}`).toMatchObject({
          sent: 0,
          failed: 1,
          gaveUp: 0,
        });
        const row = await db.outboxMessage.findUniqueOrThrow({ where: { id } });
        expect(row.attempts).toBe(attempt);
        expect(row.lockedUntil).toBeNull();
        expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
        expect(row.availableAt.getTime()).toBe(clock.getTime() + backoffMs(attempt));
        // Not due a millisecond before its backoff ends.
        expect(await sendDue({ now: at(new Date(row.availableAt.getTime() - 1)) })).toMatchObject({ failed: 0 });
        clock = row.availableAt;
      }
      expect(backoffMs(1)).toBe(BACKOFF_BASE_MS);
      expect(backoffMs(3)).toBe(4 * BACKOFF_BASE_MS);
      expect(error).not.toHaveBeenCalled();

      expect(await sendDue({ now: at(clock) })).toMatchObject({ failed: 1, gaveUp: 1 });
      const row = await db.outboxMessage.findUniqueOrThrow({ where: { id } });
      expect(row.attempts).toBe(MAX_ATTEMPTS);
      expect(row.failedAt).not.toBeNull();
      expect(row.sentAt).toBeNull();
      expect(error).toHaveBeenCalledWith(
        expect.objectContaining({ messageId: id, attempts: MAX_ATTEMPTS }),
        expect.stringContaining("given up"),
      );
    } finally {
      error.mockRestore();
      await mail.up();
    }
    // Given up is final, even once the server is back.
    expect(await sendDue({ now: at(later(30 * 86_400_000)) })).toMatchObject({ sent: 0, failed: 0 });
    expect(received(subject)).toEqual([]);
  });

  it("is a job: sends what is due and deletes old sent and given-up messages", async () => {
    const { subject } = await message();
    const before = mail.received.length;
    expect(await runJob("outbox")).toMatchObject({ job: "outbox", sent: 1, failed: 0, complete: true });
    await mail.waitFor(before + 1);
    expect(received(subject)).toHaveLength(1);
    const pending = await message();
    expect(await runOutbox({ now: at(later(8 * 86_400_000)), limit: 0 })).toMatchObject({ deleted: 1 });
    expect((await db.outboxMessage.findMany({ select: { id: true } })).map((row) => row.id)).toEqual([pending.id]);
  });

  it("stops claiming when its time budget is spent", async () => {
    await message();
    expect(await sendDue({ budgetMs: -1 })).toEqual({ sent: 0, dropped: 0, failed: 0, gaveUp: 0, complete: false });
    expect(await sendDue({ budgetMs: 60_000 })).toMatchObject({ sent: 1, complete: true });
  });
});
