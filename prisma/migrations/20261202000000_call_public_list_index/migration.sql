-- DropIndex
DROP INDEX "Call_organizationId_startedAt_id_idx";

-- CreateIndex
CREATE INDEX "Call_public_list_idx" ON "Call"("organizationId", "startedAt" DESC, "id" DESC) WHERE ("isPrivate" = false);

-- CreateIndex
CREATE INDEX "Call_organizationId_idx" ON "Call"("organizationId");
