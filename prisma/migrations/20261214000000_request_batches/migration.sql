-- Exactly-once recording of API requests (lib/requests; docs/architecture.md, "Where requests
-- are recorded").

-- This database's own name, generated once here: the Redis keys of its request buffer are named
-- after it rather than after the connection string, so a changed URL (another sslmode, a rotated
-- password, a pooler in front) still finds the same buffer, and two databases sharing a Redis
-- never drain each other's. One row only ("one" is unique and can only be true).
CREATE TABLE "Installation" (
    "id" TEXT NOT NULL DEFAULT gen_random_uuid()::text,
    "one" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),

    CONSTRAINT "Installation_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Installation_one_check" CHECK ("one")
);
CREATE UNIQUE INDEX "Installation_one_key" ON "Installation"("one");
INSERT INTO "Installation" DEFAULT VALUES;

-- Each batch of recorded requests written to ApiKeyUsage and ApiRequest, inserted in the same
-- transaction as the batch itself: a batch written again (a retry after an ambiguous COMMIT, a
-- sweep of a claim whose writer died or was slow) finds its row and writes nothing.
-- The retention job deletes rows older than 7 days.
CREATE TABLE "RequestBatch" (
    "id" TEXT NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),

    CONSTRAINT "RequestBatch_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "RequestBatch_appliedAt_idx" ON "RequestBatch"("appliedAt");
