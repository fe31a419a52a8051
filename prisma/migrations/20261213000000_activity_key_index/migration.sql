-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_apiKeyId_createdAt_id_idx" ON "AuditEvent"("organizationId", "apiKeyId", "createdAt" DESC, "id" DESC);
