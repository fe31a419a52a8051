"use client";

import type { LucideIcon } from "lucide-react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout, IconBadge } from "@/components/ui/callout";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import type { ApiKeyRow } from "@/lib/api-keys/views/rows";
import { formatRelativeTime } from "@/lib/format/dates";
import type { KeyAction } from "./use-key-action";

/** A key dialog's icon, title and description; the description is what the action will do. */
export function KeyDialogHeader({
  icon: Icon,
  tone,
  title,
  children,
}: {
  icon: LucideIcon;
  tone?: "brand" | "success" | "danger";
  title: ReactNode;
  children: ReactNode;
}) {
  return (
    <DialogHeader
      icon={
        <IconBadge tone={tone}>
          <Icon />
        </IconBadge>
      }
    >
      <DialogTitle className="break-words">{title}</DialogTitle>
      <DialogDescription>{children}</DialogDescription>
    </DialogHeader>
  );
}

/** A dialog's form: the action runs in script, and the server checks the fields, not the browser. */
export function ActionForm({ onSubmit, children }: { onSubmit: () => void; children: ReactNode }) {
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
      noValidate
    >
      {children}
    </form>
  );
}

/** A labelled control with its hint, or, once the server names an error, the error instead. */
export function Field({
  id,
  label,
  hint,
  error,
  className = "mt-5",
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`${className} space-y-1.5`}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The name as Create and Rename keep it, with the server's error for it. A field error and a
 * form error never show together, so editing the name clears only the former.
 */
export function useKeyName(action: Pick<KeyAction<never>, "fieldErrors" | "reset">, initial = "") {
  const [value, setValue] = useState(initial);
  const error = action.fieldErrors.name?.[0];
  function onChange(next: string) {
    setValue(next);
    if (error) action.reset();
  }
  return { value, onChange, error };
}

/**
 * A key's name field. The rules and their messages are the server's (lib/api-keys/schemas.ts),
 * not checked here: zod in the browser bundle probes eval, which the page's CSP forbids. When
 * the server names an error, the field takes focus.
 */
export function KeyNameField({
  id,
  hint,
  placeholder,
  name,
}: {
  id: string;
  hint: string;
  placeholder?: string;
  name: ReturnType<typeof useKeyName>;
}) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (name.error) input.current?.focus();
  }, [name.error]);

  return (
    <Field id={id} label="Name" hint={hint} error={name.error}>
      <Input
        ref={input}
        id={id}
        name="name"
        value={name.value}
        onChange={(event) => name.onChange(event.target.value)}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={name.error ? true : undefined}
        aria-describedby={name.error ? `${id}-error` : `${id}-hint`}
      />
    </Field>
  );
}

/** Why the action failed, announced as it appears. */
export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <Callout tone="danger" role="alert" className="mt-4">
      <p>{error}</p>
    </Callout>
  );
}

/**
 * Cancel and the form's submit button, which says what is happening while the action runs.
 * Cancel is disabled meanwhile too, unless the dialog may close mid-request (Create does).
 */
export function ActionDialogFooter({
  label,
  pendingLabel,
  pending,
  disabled = false,
  danger = false,
  cancelWhilePending = false,
}: {
  label: string;
  pendingLabel: string;
  pending: boolean;
  disabled?: boolean;
  danger?: boolean;
  cancelWhilePending?: boolean;
}) {
  return (
    <DialogFooter>
      <DialogClose asChild>
        <Button variant="secondary" disabled={pending && !cancelWhilePending}>
          Cancel
        </Button>
      </DialogClose>
      <Button type="submit" variant={danger ? "danger" : "primary"} disabled={pending || disabled}>
        {pending ? pendingLabel : label}
      </Button>
    </DialogFooter>
  );
}

/** The key a dialog acts on, as the table shows it, so the admin can check it is the right one. */
export function KeyFacts({
  apiKey,
  keyLabel,
  showCreator = false,
}: {
  apiKey: ApiKeyRow;
  keyLabel: string;
  showCreator?: boolean;
}) {
  return (
    <dl className="mt-5 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm">
      <dt className="text-slate-500">{keyLabel}</dt>
      <dd className="truncate font-mono text-[13px] text-slate-800">{apiKey.maskedKey}</dd>
      {showCreator ? (
        <>
          <dt className="text-slate-500">Created by</dt>
          <dd className="text-slate-800">{apiKey.createdByName ?? "Unknown"}</dd>
        </>
      ) : null}
      <dt className="text-slate-500">Last used</dt>
      <dd className="text-slate-800">
        {apiKey.lastUsedAt ? formatRelativeTime(new Date(apiKey.lastUsedAt), new Date()) : "Never"}
      </dd>
    </dl>
  );
}
