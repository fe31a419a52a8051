"use client";

import { usePathname, useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Callout, IconBadge } from "@/components/ui/callout";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { KeyIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { createApiKeyAction } from "@/lib/actions/create-api-key";
import { EXPIRY_CHOICES, EXPIRY_LABELS, type ExpiryChoice } from "@/lib/api-keys/expiry";
import type { CreatedKey } from "./created-key-view";

const NAME_FIELD = "api-key-name";
const EXPIRY_FIELD = "api-key-expiry";

/** The popup's first step: a descriptive name, then Create Key. */
export function CreateKeyForm({ onCreated }: { onCreated: (created: CreatedKey) => void }) {
  const router = useRouter();
  const pathname = usePathname();
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState<ExpiryChoice>("never");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    startTransition(async () => {
      const result = await createApiKeyAction({ name, expiry });
      if (result.ok) {
        toast.success(`API key “${result.name}” created.`);
        onCreated({ key: result.key, name: result.name });
        return;
      }
      const nameError = result.fieldErrors?.name?.[0];
      if (nameError) {
        setFieldError(nameError);
        document.getElementById(NAME_FIELD)?.focus();
        return;
      }
      setFormError(result.error);
      toast.error(result.error);
      if (result.code === "unauthenticated") router.push(`/login?callbackUrl=${encodeURIComponent(pathname)}`);
      else router.refresh(); // e.g. another admin took the last slot: show the current usage
    });
  }

  const describedBy = fieldError ? `${NAME_FIELD}-error` : `${NAME_FIELD}-hint`;
  return (
    <form onSubmit={submit} noValidate>
      <DialogHeader
        icon={
          <IconBadge>
            <KeyIcon />
          </IconBadge>
        }
      >
        <DialogTitle>Create New Key</DialogTitle>
        <DialogDescription>
          Give the key a descriptive name, so you can tell later which system uses it and which key to revoke.
        </DialogDescription>
      </DialogHeader>

      <div className="mt-5 space-y-1.5">
        <label htmlFor={NAME_FIELD} className="block text-sm font-medium text-slate-700">
          Name
        </label>
        <Input
          id={NAME_FIELD}
          name="name"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setFieldError(null);
          }}
          placeholder="e.g. Internal data warehouse export"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={describedBy}
        />
        {fieldError ? (
          <p id={`${NAME_FIELD}-error`} className="text-sm text-red-700">
            {fieldError}
          </p>
        ) : (
          <p id={`${NAME_FIELD}-hint`} className="text-xs text-slate-500">
            Up to 100 characters, e.g. “Zapier integration — production”.
          </p>
        )}
      </div>

      <div className="mt-4 space-y-1.5">
        <label htmlFor={EXPIRY_FIELD} className="block text-sm font-medium text-slate-700">
          Expires
        </label>
        <Select
          id={EXPIRY_FIELD}
          name="expiry"
          value={expiry}
          onChange={(event) => setExpiry(event.target.value as ExpiryChoice)}
          aria-describedby={`${EXPIRY_FIELD}-hint`}
          className="sm:w-56"
        >
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {EXPIRY_LABELS[choice]}
            </option>
          ))}
        </Select>
        <p id={`${EXPIRY_FIELD}-hint`} className="text-xs text-slate-500">
          An expired key stops working and frees its slot. You can roll or revoke a key at any time.
        </p>
      </div>

      {formError ? (
        <Callout tone="danger" role="alert" className="mt-4">
          <p>{formError}</p>
        </Callout>
      ) : null}

      <DialogFooter>
        <DialogClose asChild>
          <Button variant="secondary">Cancel</Button>
        </DialogClose>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create Key"}
        </Button>
      </DialogFooter>
    </form>
  );
}
