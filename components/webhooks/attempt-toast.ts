import { toast } from "sonner";
import type { AttemptResult } from "@/lib/webhook-endpoints/attempts";

/**
 * Why an attempt failed, in words: "your endpoint answered 500", "your endpoint answered 302
 * (redirects are not followed)", "no response within 10 s". The sender records a non-2xx answer
 * as "HTTP <status>", which the status already says.
 */
export function attemptProblem(status: number | null, error: string | null): string | null {
  if (status === null) return error;
  const rest = error?.startsWith(`HTTP ${status}`) ? error.slice(`HTTP ${status}`.length).replace(/^:\s*/, "") : error;
  if (status >= 200 && status < 300 && !rest) return null;
  return `your endpoint answered ${status}${rest ? ` (${rest})` : ""}`;
}

/** What an attempt made now got (Send test event, Retry), in a toast; Recent deliveries shows it too. */
export function attemptToast(what: string, attempt: AttemptResult, { retried = false } = {}): void {
  if (attempt.delivered) {
    toast.success(`${what} delivered: your endpoint answered ${attempt.status}.`);
    return;
  }
  const reason = attemptProblem(attempt.status, attempt.error) ?? "no answer";
  toast.error(
    retried
      ? `${what} not delivered: ${reason}. Recent deliveries shows when it is tried next.`
      : `${what} not delivered: ${reason}. It will be retried automatically.`,
  );
}
