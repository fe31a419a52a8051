-- "Keep" on a key not used for 30 days silences key health about it until then.
ALTER TABLE "ApiKey" ADD COLUMN "unusedKeptUntil" TIMESTAMP(3);
