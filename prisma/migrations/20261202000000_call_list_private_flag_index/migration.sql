-- DropIndex
DROP INDEX "Call_organizationId_startedAt_id_idx";

-- CreateIndex
CREATE INDEX "Call_organizationId_isPrivate_startedAt_id_idx" ON "Call"("organizationId", "isPrivate", "startedAt" DESC, "id" DESC);
