"use client";

import { useCallback, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { PlusIcon } from "@/components/ui/icons";
import { CreateKeyForm } from "./create-key-form";
import { type CreatedKey, CreatedKeyView } from "./created-key-view";
import { FOCUS_TARGETS, focusFirstAvailable } from "./focus";
import { useDropOnPageHide } from "./use-drop-on-pagehide";

/**
 * "Create New Key" and its popup: first the name form, then the new key, shown once.
 *
 * The full key lives only in this component's state, from the action's response until the
 * popup closes. Closing drops it, and so does leaving the page (pagehide), so a back/forward
 * cache restore cannot bring it back. It is never put in a URL, storage, or the router cache.
 */
export function CreateKeyDialog({ disabled, disabledReasonId }: { disabled: boolean; disabledReasonId?: string }) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);

  const close = useCallback(() => {
    setOpen(false);
    setCreated(null);
  }, []);

  // Opens the popup too: if it was closed while the request was in flight, the key (which
  // now exists and counts toward the limit) must still be shown, once.
  const showCreated = useCallback((key: CreatedKey) => {
    setCreated(key);
    setOpen(true);
  }, []);

  useDropOnPageHide(created !== null, close);

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? setOpen(true) : close())}>
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
          focusFirstAvailable(FOCUS_TARGETS.createButton, FOCUS_TARGETS.usage);
        }}
      >
        {created ? <CreatedKeyView created={created} onDone={close} /> : <CreateKeyForm onCreated={showCreated} />}
      </DialogContent>
    </Dialog>
  );
}
