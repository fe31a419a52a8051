-- CreateTable
CREATE TABLE "ApiKeyNetwork" (
    "apiKeyId" TEXT NOT NULL,
    "network" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "firstAt" TIMESTAMP(3) NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "requests" INTEGER NOT NULL,
    "lastUserAgent" TEXT,

    CONSTRAINT "ApiKeyNetwork_pkey" PRIMARY KEY ("apiKeyId","network","day")
);

-- CreateTable
CREATE TABLE "ApiKeyPermissionUse" (
    "apiKeyId" TEXT NOT NULL,
    "permission" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "requests" INTEGER NOT NULL,

    CONSTRAINT "ApiKeyPermissionUse_pkey" PRIMARY KEY ("apiKeyId","permission","day")
);

-- CreateTable
CREATE TABLE "KeyNetworkAlert" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "network" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "userAgent" TEXT,
    "firstRequestAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dismissedAt" TIMESTAMP(3),
    "dismissedById" TEXT,

    CONSTRAINT "KeyNetworkAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApiKeyNetwork_day_idx" ON "ApiKeyNetwork"("day");

-- CreateIndex
CREATE INDEX "ApiKeyPermissionUse_day_idx" ON "ApiKeyPermissionUse"("day");

-- CreateIndex
CREATE INDEX "KeyNetworkAlert_organizationId_dismissedAt_idx" ON "KeyNetworkAlert"("organizationId", "dismissedAt");

-- CreateIndex
CREATE INDEX "KeyNetworkAlert_apiKeyId_network_firstRequestAt_idx" ON "KeyNetworkAlert"("apiKeyId", "network", "firstRequestAt");

-- AddForeignKey
ALTER TABLE "ApiKeyNetwork" ADD CONSTRAINT "ApiKeyNetwork_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKeyPermissionUse" ADD CONSTRAINT "ApiKeyPermissionUse_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyNetworkAlert" ADD CONSTRAINT "KeyNetworkAlert_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KeyNetworkAlert" ADD CONSTRAINT "KeyNetworkAlert_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;
