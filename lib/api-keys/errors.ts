import { DomainError } from "../domain-error";

/** A key operation refused for a reason the admin can act on (see lib/domain-error.ts). */
export class ApiKeyError extends DomainError {
  override name = "ApiKeyError";
}
