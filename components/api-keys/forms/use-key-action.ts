"use client";

import { usePathname, useRouter } from "next/navigation";
import { useCallback, useState, useTransition } from "react";
import { toast } from "sonner";
import { loginPath } from "@/lib/routes";

/**
 * What every key action returns (lib/actions): its data on success, or a code and a sentence
 * for the user. Written structurally so the hook depends on the shape, not on lib's internals.
 */
type KeyActionResult =
  | { ok: true }
  | { ok: false; code: string; error: string; fieldErrors?: Record<string, string[]> };

type Failure<Result> = Exclude<Result, { ok: true }>;

export interface KeyActionOptions<Result extends KeyActionResult> {
  onSuccess: (result: Extract<Result, { ok: true }>) => void;
  /** Called after the error toast, before the page is refreshed or the user sent to sign in. */
  onFailure?: (failure: Failure<Result>) => void;
  /** Fields the form shows errors beside: a failure naming one of them is shown there alone. */
  fields?: readonly string[];
}

export interface KeyAction<Input> {
  run: (input: Input) => void;
  pending: boolean;
  /** The failure's sentence, for the form's alert; null while it is shown beside a field. */
  error: string | null;
  fieldErrors: Record<string, string[]>;
  reset: () => void;
}

/**
 * Runs a key action from a dialog. A failure is toasted and the table refreshed (someone else
 * may have changed the key meanwhile); an ended session goes to sign-in and comes back here.
 */
export function useKeyAction<Input, Result extends KeyActionResult>(
  action: (input: Input) => Promise<Result>,
  { onSuccess, onFailure, fields = [] }: KeyActionOptions<Result>,
): KeyAction<Input> {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  const reset = useCallback(() => {
    setError(null);
    setFieldErrors({});
  }, []);

  function run(input: Input) {
    reset();
    startTransition(async () => {
      const result = await action(input);
      // Wrapped again: updates after an await leave the transition otherwise, and the dialog would
      // show the outcome while `pending` still holds its buttons busy.
      startTransition(() => settle(result));
    });
  }

  function settle(result: Result) {
    if (result.ok) {
      onSuccess(result as Extract<Result, { ok: true }>);
      return;
    }
    if (fields.some((field) => result.fieldErrors?.[field]?.length)) {
      setFieldErrors(result.fieldErrors ?? {});
      return;
    }
    setError(result.error);
    toast.error(result.error);
    onFailure?.(result as Failure<Result>);
    if (result.code === "unauthenticated") router.push(loginPath(pathname));
    else router.refresh();
  }

  return { run, pending, error, fieldErrors, reset };
}
