"use client";

import { ShieldIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { changeApiKeyPermissionsAction } from "@/lib/actions/change-api-key-permissions";
import { describePermissions, type Permission } from "@/lib/api-keys/permissions";
import { ActionDialogFooter, ActionForm, FormError, KeyDialogHeader } from "../forms/key-dialog-parts";
import { type KeyAction, useKeyAction } from "../forms/use-key-action";
import { PermissionsField, usePermissionsValue } from "./permissions-field";

type ChangeInput = Parameters<typeof changeApiKeyPermissionsAction>[0];

/**
 * "Change permissions" and its popup: the same control as Create New Key, starting from what the
 * key holds now. The server applies the new set from the key's next request; the page is then
 * rendered anew, as after the Allowed addresses form, so the section shows it.
 */
export function ChangePermissionsDialog({
  keyId,
  keyName,
  permissions,
}: {
  keyId: string;
  keyName: string;
  permissions: Permission[];
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const change = useKeyAction(changeApiKeyPermissionsAction, {
    fields: ["permissions"],
    onSuccess: (result) => {
      if (result.permissions.join(" ") !== permissions.join(" ")) {
        toast.success(`Permissions of “${result.name}” changed to ${describePermissions(result.permissions)}.`);
      }
      setOpen(false);
      router.refresh();
    },
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (change.pending) return;
        change.reset();
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="secondary">
          <ShieldIcon className="h-4 w-4" />
          Change permissions
        </Button>
      </DialogTrigger>
      <DialogContent>
        <ChangePermissionsForm keyId={keyId} keyName={keyName} permissions={permissions} change={change} />
      </DialogContent>
    </Dialog>
  );
}

function ChangePermissionsForm({
  keyId,
  keyName,
  permissions,
  change,
}: {
  keyId: string;
  keyName: string;
  permissions: Permission[];
  change: KeyAction<ChangeInput>;
}) {
  const chosen = usePermissionsValue(permissions);
  const error = change.fieldErrors.permissions?.[0];
  return (
    <ActionForm onSubmit={() => change.run({ keyId, permissions: chosen.permissions })}>
      <KeyDialogHeader icon={ShieldIcon} title={`Change permissions of “${keyName}”`}>
        Now: {describePermissions(permissions)}. The new permissions apply from the key's next request; a request it may
        no longer make gets 403.
      </KeyDialogHeader>
      <PermissionsField
        value={chosen.value}
        onChange={(next) => {
          chosen.setValue(next);
          if (error) change.reset();
        }}
        error={error}
      />
      <FormError error={change.error} />
      <ActionDialogFooter label="Save permissions" pendingLabel="Saving…" pending={change.pending} />
    </ActionForm>
  );
}
