"use client";

import { usePathname, useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Callout, IconBadge } from "@/components/ui/callout";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { PencilIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { renameApiKeyAction } from "@/lib/actions/rename-api-key";
import { type KeyDialogTarget, returnFocus } from "./dialog-target";
import { FOCUS_TARGETS } from "./focus";

// The rules (and their messages) are the server's: lib/api-keys/schemas.ts. Not imported here,
// as zod in the browser bundle probes eval, which the page's CSP forbids.
const NAME_FIELD = "rename-api-key-name";

/** Renames a key. The key itself does not change, so nothing that uses it notices. */
export function RenameKeyDialog({ target, onClose }: { target: KeyDialogTarget | null; onClose: () => void }) {
  const [pending, setPending] = useState(false);
  return (
    <Dialog open={target !== null} onOpenChange={(open) => !open && !pending && onClose()}>
      {target ? (
        <DialogContent
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            returnFocus(target, FOCUS_TARGETS.usage);
          }}
        >
          <RenameForm key={target.key.id} target={target} onDone={onClose} onPending={setPending} />
        </DialogContent>
      ) : null}
    </Dialog>
  );
}

function RenameForm({
  target,
  onDone,
  onPending,
}: {
  target: KeyDialogTarget;
  onDone: () => void;
  onPending: (pending: boolean) => void;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [name, setName] = useState(target.key.name);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    onPending(true);
    startTransition(async () => {
      const result = await renameApiKeyAction({ keyId: target.key.id, name });
      onPending(false);
      if (result.ok) {
        if (result.name !== target.key.name) toast.success(`Renamed to “${result.name}”.`);
        onDone();
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
      else router.refresh(); // revoked meanwhile, say: show the table as it is now
    });
  }

  const describedBy = fieldError ? `${NAME_FIELD}-error` : `${NAME_FIELD}-hint`;
  return (
    <form onSubmit={submit} noValidate>
      <DialogHeader
        icon={
          <IconBadge>
            <PencilIcon />
          </IconBadge>
        }
      >
        <DialogTitle className="break-words">Rename “{target.key.name}”</DialogTitle>
        <DialogDescription>
          Only the name changes: the key stays the same, and systems using it keep working.
        </DialogDescription>
      </DialogHeader>

      <div className="mt-5 space-y-1.5">
        <label htmlFor={NAME_FIELD} className="block text-sm font-medium text-slate-700">
          Name
        </label>
        <Input
          id={NAME_FIELD}
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setFieldError(null);
          }}
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
            Up to 100 characters. Name it after the system that uses it.
          </p>
        )}
      </div>

      {formError ? (
        <Callout tone="danger" role="alert" className="mt-4">
          <p>{formError}</p>
        </Callout>
      ) : null}

      <DialogFooter>
        <DialogClose asChild>
          <Button variant="secondary" disabled={pending}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save name"}
        </Button>
      </DialogFooter>
    </form>
  );
}
