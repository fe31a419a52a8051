-- CreateTable
CREATE TABLE "OrganizationPolicy" (
    "organizationId" TEXT NOT NULL,
    "maxKeyLifetimeDays" INTEGER,
    "requireAllowedAddressesForWrite" BOOLEAN NOT NULL DEFAULT false,
    "expireUnusedAfterDays" INTEGER,
    "defaultPermissions" TEXT[] DEFAULT ARRAY['calls:read']::TEXT[],
    "enforceFrom" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedById" TEXT,

    CONSTRAINT "OrganizationPolicy_pkey" PRIMARY KEY ("organizationId")
);

-- AddForeignKey
ALTER TABLE "OrganizationPolicy" ADD CONSTRAINT "OrganizationPolicy_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
