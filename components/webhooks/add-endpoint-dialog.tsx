"use client";

import { PlusIcon } from "lucide-react";
import { useCallback, useState } from "react";
import { toast } from "sonner";
import { useShownKey } from "@/components/api-keys/dialogs/use-shown-key";
import { useKeyAction } from "@/components/api-keys/forms/use-key-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { focusFirstAvailable } from "@/components/ui/focus";
import { addWebhookEndpointAction } from "@/lib/actions/add-webhook-endpoint";
import { AddEndpointForm } from "./add-endpoint-form";
import { type EventChoice, shortUrl } from "./endpoint-state";
import { SigningSecretView } from "./signing-secret-view";

const ADD_BUTTON = "add-webhook-endpoint";

interface AddedEndpoint {
  url: string;
  secret: string;
}

/**
 * "Add endpoint" and its popup: the URL and events, then the signing secret, shown once. As with
 * a new key, the secret lives only in this component's state until the popup closes or the page
 * is left (useShownKey).
 */
export function AddEndpointDialog({
  choices,
  disabled,
  limitNoteId,
  fallbackFocusId,
}: {
  choices: EventChoice[];
  disabled: boolean;
  /** What says why the button is disabled (the limit). */
  limitNoteId: string;
  /** Where focus goes on close if this endpoint took the last slot and the button is disabled. */
  fallbackFocusId: string;
}) {
  const [open, setOpen] = useState(false);
  const hide = useCallback(() => setOpen(false), []);
  const { shown: added, show, drop } = useShownKey<AddedEndpoint>(hide);
  const add = useKeyAction(addWebhookEndpointAction, {
    fields: ["url", "events"],
    onSuccess: (result) => {
      toast.success("Endpoint added.");
      // Opens the popup too: closed mid-request, the endpoint exists and its secret must still be shown, once.
      show({ url: result.url, secret: result.secret });
      setOpen(true);
    },
  });

  function onOpenChange(next: boolean) {
    add.reset();
    if (next) setOpen(true);
    else drop();
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button
          id={ADD_BUTTON}
          variant="secondary"
          disabled={disabled}
          aria-describedby={disabled ? limitNoteId : undefined}
        >
          <PlusIcon className="h-4 w-4" />
          Add endpoint
        </Button>
      </DialogTrigger>
      <DialogContent
        wide
        // Once the secret is on screen, a stray click outside must not throw it away.
        onInteractOutside={(event) => {
          if (added) event.preventDefault();
        }}
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          focusFirstAvailable(ADD_BUTTON, fallbackFocusId);
        }}
      >
        {added ? (
          <SigningSecretView
            secret={added.secret}
            onDone={drop}
            description={
              <>
                Events will be sent to{" "}
                <span className="font-medium [overflow-wrap:anywhere] text-slate-800">{shortUrl(added.url)}</span>, each
                signed with this secret. Copy it now and give it to the system that receives them.
              </>
            }
          />
        ) : (
          <AddEndpointForm add={add} choices={choices} />
        )}
      </DialogContent>
    </Dialog>
  );
}
