-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "allowedAddresses" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "ApiKeyUsage" ADD COLUMN     "clientErrors" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "serverErrors" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ApiRequest" (
    "id" BIGSERIAL NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "clientAddress" TEXT NOT NULL,
    "userAgent" TEXT,
    "durationMs" INTEGER NOT NULL,

    CONSTRAINT "ApiRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApiRequest_apiKeyId_at_idx" ON "ApiRequest"("apiKeyId", "at" DESC);

-- CreateIndex
CREATE INDEX "ApiRequest_at_idx" ON "ApiRequest"("at");

-- AddForeignKey
ALTER TABLE "ApiRequest" ADD CONSTRAINT "ApiRequest_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;
