"use client";

import { KeyIcon } from "lucide-react";
import { useState } from "react";
import { Select } from "@/components/ui/select";
import type { createApiKeyAction } from "@/lib/actions/create-api-key";
import { EXPIRY_CHOICES, EXPIRY_LABELS, type ExpiryChoice } from "@/lib/api-keys/expiry";
import { PermissionsField, usePermissionsValue } from "../permissions/permissions-field";
import {
  ActionDialogFooter,
  ActionForm,
  Field,
  FormError,
  KeyDialogHeader,
  KeyNameField,
  useKeyName,
} from "./key-dialog-parts";
import type { KeyAction } from "./use-key-action";

const NAME_FIELD = "api-key-name";
const EXPIRY_FIELD = "api-key-expiry";

type CreateInput = Parameters<typeof createApiKeyAction>[0];

/** The popup's first step: a descriptive name, what the key may do, its expiry, then Create Key. */
export function CreateKeyForm({ create }: { create: KeyAction<CreateInput> }) {
  const name = useKeyName(create);
  const [expiry, setExpiry] = useState<ExpiryChoice>("never");
  const permissions = usePermissionsValue();
  const permissionsError = create.fieldErrors.permissions?.[0];

  return (
    <ActionForm onSubmit={() => create.run({ name: name.value, expiry, permissions: permissions.permissions })}>
      <KeyDialogHeader icon={KeyIcon} title="Create New Key">
        Give the key a descriptive name, so you can tell later which system uses it and which key to revoke.
      </KeyDialogHeader>

      <KeyNameField
        id={NAME_FIELD}
        name={name}
        placeholder="e.g. Internal data warehouse export"
        hint="Up to 100 characters, e.g. “Zapier integration — production”."
      />

      <PermissionsField
        value={permissions.value}
        onChange={(next) => {
          permissions.setValue(next);
          if (permissionsError) create.reset();
        }}
        error={permissionsError}
      />

      <Field
        id={EXPIRY_FIELD}
        label="Expires"
        hint="An expired key stops working and frees its slot. You can roll or revoke a key at any time."
        className="mt-5"
      >
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
      </Field>

      <FormError error={create.error} />
      <ActionDialogFooter label="Create Key" pendingLabel="Creating…" pending={create.pending} cancelWhilePending />
    </ActionForm>
  );
}
