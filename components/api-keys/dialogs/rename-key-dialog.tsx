"use client";

import { PencilIcon } from "lucide-react";
import { toast } from "sonner";
import { renameApiKeyAction } from "@/lib/actions/rename-api-key";
import type { ApiKeyRow } from "@/lib/api-keys/views/rows";
import {
  ActionDialogFooter,
  ActionForm,
  FormError,
  KeyDialogHeader,
  KeyNameField,
  useKeyName,
} from "../forms/key-dialog-parts";
import { type KeyAction, useKeyAction } from "../forms/use-key-action";
import type { KeyDialogTarget } from "./dialog-target";
import { KeyDialog } from "./key-dialog";

const NAME_FIELD = "rename-api-key-name";

type RenameInput = Parameters<typeof renameApiKeyAction>[0];

/** Renames a key. The key itself does not change, so nothing that uses it notices. */
export function RenameKeyDialog({ target, onClose }: { target: KeyDialogTarget | null; onClose: () => void }) {
  const rename = useKeyAction(renameApiKeyAction, {
    fields: ["name"],
    onSuccess: (result) => {
      if (result.name !== target?.key.name) toast.success(`Renamed to “${result.name}”.`);
      onClose();
    },
  });
  return (
    <KeyDialog target={target} onClose={onClose} action={rename}>
      {(key) => <RenameForm apiKey={key} rename={rename} />}
    </KeyDialog>
  );
}

function RenameForm({ apiKey, rename }: { apiKey: ApiKeyRow; rename: KeyAction<RenameInput> }) {
  const name = useKeyName(rename, apiKey.name);
  return (
    <ActionForm onSubmit={() => rename.run({ keyId: apiKey.id, name: name.value })}>
      <KeyDialogHeader icon={PencilIcon} title={`Rename “${apiKey.name}”`}>
        Only the name changes: the key stays the same, and systems using it keep working.
      </KeyDialogHeader>
      <KeyNameField id={NAME_FIELD} name={name} hint="Up to 100 characters. Name it after the system that uses it." />
      <FormError error={rename.error} />
      <ActionDialogFooter label="Save name" pendingLabel="Saving…" pending={rename.pending} />
    </ActionForm>
  );
}
