export type DomainErrorCode = "not_found" | "limit_reached" | "policy_violation" | "invalid_input";

/**
 * A refusal the user can act on ("this key doesn't exist", "the limit is reached"), thrown by
 * the domain modules. The action helper passes its message to the user as is; every other
 * error is logged and answered with a generic sentence.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The form field the message is about (shown beside it), when it is about one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
