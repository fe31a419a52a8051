"use client";

import { PowerIcon, RotateCwIcon, SendIcon, Trash2Icon, TriangleAlertIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { toast } from "sonner";
import { useShownKey } from "@/components/api-keys/dialogs/use-shown-key";
import { ActionDialogFooter, ActionForm, KeyDialogHeader } from "@/components/api-keys/forms/key-dialog-parts";
import { useKeyAction } from "@/components/api-keys/forms/use-key-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { deleteWebhookEndpointAction } from "@/lib/actions/delete-webhook-endpoint";
import { rollWebhookSecretAction } from "@/lib/actions/roll-webhook-secret";
import { sendWebhookTestAction } from "@/lib/actions/send-webhook-test";
import { setWebhookEndpointEnabledAction } from "@/lib/actions/set-webhook-endpoint-enabled";
import { API_SETTINGS_PATH } from "@/lib/routes";
import type { WebhookEndpointSummary } from "@/lib/webhook-endpoints/views";
import { attemptToast } from "./attempt-toast";
import { ShortTime, shortUrl } from "./endpoint-state";
import { SigningSecretView } from "./signing-secret-view";

const DANGER = "border-red-200 text-red-700 hover:bg-red-50 hover:text-red-800";

/** Send test event, Roll secret, Disable / Enable and Delete, each with its server action. */
export function EndpointActions({ endpoint }: { endpoint: WebhookEndpointSummary }) {
  const router = useRouter();
  const endpointId = endpoint.id;
  const disabled = endpoint.state === "disabled";
  const sendTest = useKeyAction(sendWebhookTestAction, {
    onSuccess: (result) => {
      attemptToast("Test event", result.attempt);
      router.refresh();
    },
  });
  const setEnabled = useKeyAction(setWebhookEndpointEnabledAction, {
    onSuccess: (result) => {
      toast.success(
        result.enabled
          ? "Endpoint enabled. New events are sent to it."
          : "Endpoint disabled. No events are sent to it.",
      );
      router.refresh();
    },
  });
  return (
    <div className="flex flex-wrap gap-2">
      <Button
        variant="secondary"
        disabled={disabled || sendTest.pending}
        onClick={() => sendTest.run({ endpointId })}
        title={disabled ? "Enable the endpoint to send it a test event." : undefined}
      >
        <SendIcon aria-hidden="true" className="h-4 w-4" />
        {sendTest.pending ? "Sending…" : "Send test event"}
      </Button>
      <RollSecretDialog endpoint={endpoint} />
      <Button
        variant="secondary"
        disabled={setEnabled.pending}
        onClick={() => setEnabled.run({ endpointId, enabled: disabled })}
      >
        <PowerIcon aria-hidden="true" className="h-4 w-4" />
        {disabled ? "Enable" : "Disable"}
      </Button>
      <DeleteEndpointDialog endpoint={endpoint} />
    </div>
  );
}

/** Roll secret: confirm (the current secret keeps signing 24 hours), then the new one, shown once. */
function RollSecretDialog({ endpoint }: { endpoint: WebhookEndpointSummary }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const hide = useCallback(() => setOpen(false), []);
  const { shown: rolled, show, drop } = useShownKey<{ secret: string; previousValidUntil: string }>(hide);
  const roll = useKeyAction(rollWebhookSecretAction, {
    onSuccess: (result) => {
      toast.success("New signing secret made.");
      show({ secret: result.secret, previousValidUntil: result.previousValidUntil });
      setOpen(true);
      router.refresh();
    },
  });
  function onOpenChange(next: boolean) {
    if (!next && roll.pending) return;
    roll.reset();
    if (next) setOpen(true);
    else drop();
  }
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="secondary">
          <RotateCwIcon aria-hidden="true" className="h-4 w-4" />
          Roll secret
        </Button>
      </DialogTrigger>
      <DialogContent
        wide={rolled !== null}
        onInteractOutside={(event) => {
          if (rolled) event.preventDefault();
        }}
      >
        {rolled ? (
          <SigningSecretView
            secret={rolled.secret}
            onDone={drop}
            description={
              <>
                Copy the new secret and switch your receiver to it. The previous secret also signs until{" "}
                <ShortTime iso={rolled.previousValidUntil} />: each event carries both signatures until then.
              </>
            }
          />
        ) : (
          <ActionForm onSubmit={() => roll.run({ endpointId: endpoint.id })}>
            <KeyDialogHeader icon={RotateCwIcon} title="Roll the signing secret?">
              A new secret is made and shown once. The current secret ({endpoint.secretHint}) keeps signing for 24 hours
              beside it — every event carries both signatures — so you can update your receiver without missing an
              event.
            </KeyDialogHeader>
            <ActionDialogFooter label="Roll secret" pendingLabel="Rolling…" pending={roll.pending} />
          </ActionForm>
        )}
      </DialogContent>
    </Dialog>
  );
}

/** Delete: confirm, then back to Settings → API. */
function DeleteEndpointDialog({ endpoint }: { endpoint: WebhookEndpointSummary }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const remove = useKeyAction(deleteWebhookEndpointAction, {
    onSuccess: () => {
      toast.success("Endpoint deleted. Nothing more is sent to it.");
      setOpen(false);
      router.push(API_SETTINGS_PATH);
    },
    onFailure: () => setOpen(false),
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (remove.pending) return;
        remove.reset();
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary" className={DANGER}>
          <Trash2Icon aria-hidden="true" className="h-4 w-4" />
          Delete
        </Button>
      </DialogTrigger>
      <DialogContent>
        <ActionForm onSubmit={() => remove.run({ endpointId: endpoint.id })}>
          <KeyDialogHeader icon={TriangleAlertIcon} tone="danger" title="Delete this endpoint?">
            Glyphic stops sending events to{" "}
            <span className="font-medium [overflow-wrap:anywhere] text-slate-800">{shortUrl(endpoint.url)}</span> at
            once, and its delivery history is deleted. This can't be undone.
          </KeyDialogHeader>
          <ActionDialogFooter label="Delete endpoint" pendingLabel="Deleting…" pending={remove.pending} danger />
        </ActionForm>
      </DialogContent>
    </Dialog>
  );
}
