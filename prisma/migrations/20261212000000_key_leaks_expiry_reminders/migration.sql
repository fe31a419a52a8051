-- CreateTable
CREATE TABLE "KeyLeak" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "reporter" TEXT NOT NULL,
    "tokenType" TEXT NOT NULL,
    "url" TEXT,
    "source" TEXT,
    "revokedAt" TIMESTAMP(3) NOT NULL,
    "dismissedAt" TIMESTAMP(3),
    "dismissedById" TEXT,

    CONSTRAINT "KeyLeak_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KeyExpiryReminder" (
    "apiKeyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KeyExpiryReminder_pkey" PRIMARY KEY ("apiKeyId","kind","expiresAt")
);

-- CreateIndex
CREATE UNIQUE INDEX "KeyLeak_apiKeyId_key" ON "KeyLeak"("apiKeyId");

-- CreateIndex
CREATE INDEX "KeyLeak_organizationId_dismissedAt_idx" ON "KeyLeak"("organizationId", "dismissedAt");

-- AddForeignKey
ALTER TABLE "KeyLeak" ADD CONSTRAINT "KeyLeak_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyLeak" ADD CONSTRAINT "KeyLeak_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyExpiryReminder" ADD CONSTRAINT "KeyExpiryReminder_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;
