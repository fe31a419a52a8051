"use client";

import { PlusIcon } from "lucide-react";
import { useCallback, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { focusFirstAvailable } from "@/components/ui/focus";
import { createApiKeyAction } from "@/lib/actions/create-api-key";
import { useKeyAction } from "../forms/use-key-action";
import { CreateKeyForm } from "./create-key-form";
import { type CreatedKey, CreatedKeyView } from "./created-key-view";
import { FOCUS_TARGETS } from "./focus";
import { useShownKey } from "./use-shown-key";

/**
 * "Create New Key" and its popup: first the name form, then the new key, shown once. The full
 * key lives only in this component's state, from the action's response until the popup closes
 * or the page is left.
 */
export function CreateKeyDialog({ disabled, disabledReasonId }: { disabled: boolean; disabledReasonId?: string }) {
  const [open, setOpen] = useState(false);
  const hide = useCallback(() => setOpen(false), []);
  const { shown: created, show, drop } = useShownKey<CreatedKey>(hide);
  const create = useKeyAction(createApiKeyAction, {
    fields: ["name", "permissions"],
    onSuccess: (result) => {
      toast.success(`API key “${result.name}” created.`);
      // Opens the popup too: if it was closed while the request was in flight, the key (which
      // now exists and counts toward the limit) must still be shown, once.
      show({ key: result.key, name: result.name });
      setOpen(true);
    },
  });

  function onOpenChange(next: boolean) {
    create.reset();
    if (next) setOpen(true);
    else drop();
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button
          id={FOCUS_TARGETS.createButton}
          disabled={disabled}
          aria-describedby={disabled ? disabledReasonId : undefined}
          className="w-full sm:w-auto"
        >
          <PlusIcon className="h-4 w-4" />
          Create New Key
        </Button>
      </DialogTrigger>
      <DialogContent
        wide={created !== null}
        // Once the key is on screen, a stray click outside must not throw it away.
        onInteractOutside={(event) => {
          if (created) event.preventDefault();
        }}
        onCloseAutoFocus={(event) => {
          // The button may have just become disabled (this key reached the limit).
          event.preventDefault();
          focusFirstAvailable(FOCUS_TARGETS.createButton, FOCUS_TARGETS.slotsMeter);
        }}
      >
        {created ? <CreatedKeyView created={created} onDone={drop} /> : <CreateKeyForm create={create} />}
      </DialogContent>
    </Dialog>
  );
}
