-- CreateIndex
CREATE INDEX "ApiKeyUsage_bucket_idx" ON "ApiKeyUsage"("bucket");

-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_idx" ON "AuditEvent"("createdAt");
