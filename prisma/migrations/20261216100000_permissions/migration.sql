-- Permissions per key. Existing keys hold calls:read: exactly what they could do before.
ALTER TABLE "ApiKey" ADD COLUMN "permissions" TEXT[] DEFAULT ARRAY['calls:read']::TEXT[];
ALTER TABLE "ApiKey" ADD COLUMN "createdByKeyId" TEXT;

-- Changes made through the management API name the key that made them.
ALTER TABLE "AuditEvent" ADD COLUMN "actorKeyId" TEXT,
ADD COLUMN "actorKeyName" TEXT,
ADD COLUMN "actorKeyPrefix" TEXT;

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "organizationId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "createdKeyId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("organizationId","key")
);

-- CreateIndex
CREATE INDEX "IdempotencyKey_createdAt_idx" ON "IdempotencyKey"("createdAt");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_createdByKeyId_fkey" FOREIGN KEY ("createdByKeyId") REFERENCES "ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdempotencyKey" ADD CONSTRAINT "IdempotencyKey_createdKeyId_fkey" FOREIGN KEY ("createdKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;
