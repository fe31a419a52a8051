import { DomainError } from "../domain-error";

/** A key operation refused for a reason the admin can act on (see lib/domain-error.ts). */
export class ApiKeyError extends DomainError {
  override name = "ApiKeyError";
}

/** A key acting through the management API tried to give permissions it does not hold. */
export class PermissionNotHeld extends Error {
  override name = "PermissionNotHeld";
  constructor(readonly missing: readonly string[]) {
    super(`This API key can't grant permissions it does not hold itself: ${missing.join(", ")}.`);
  }
}
