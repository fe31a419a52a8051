"use server";

import type { RollApiKeyInput } from "../api-keys/schemas";
import { nextRuntime, runAuthorized } from "./auth-action";
import { type RollApiKeyResult, rollApiKeyOperation } from "./key-lifecycle";

/** Replaces a key with a new one of the same name (returned once); the old key expires after the chosen grace period. */
export async function rollApiKeyAction(input: RollApiKeyInput): Promise<RollApiKeyResult> {
  return runAuthorized(nextRuntime, rollApiKeyOperation, input);
}
