"use client";

import { KeyIcon } from "lucide-react";
import { useState } from "react";
import { Select } from "@/components/ui/select";
import type { createApiKeyAction } from "@/lib/actions/create-api-key";
import { EXPIRY_LABELS, type ExpiryChoice } from "@/lib/api-keys/expiry";
import {
  ActionDialogFooter,
  ActionForm,
  Field,
  FormError,
  KeyDialogHeader,
  KeyNameField,
  useKeyName,
} from "../forms/key-dialog-parts";
import type { KeyAction } from "../forms/use-key-action";
import { PermissionsField, usePermissionsValue } from "../permissions/permissions-field";
import { defaultExpiry, expiryChoicesWithin, useKeyPolicy } from "../policies/key-policy-context";

const NAME_FIELD = "api-key-name";
const EXPIRY_FIELD = "api-key-expiry";

type CreateInput = Parameters<typeof createApiKeyAction>[0];

/**
 * The popup's first step: a descriptive name, what the key may do, its expiry, then Create Key.
 * The organization's policies set the starting permissions and which expiries are offered (the
 * longest allowed is preselected); what they refuse otherwise (keys:write without allowed
 * addresses) is the server's sentence, shown in the form.
 */
export function CreateKeyForm({ create }: { create: KeyAction<CreateInput> }) {
  const name = useKeyName(create);
  const policy = useKeyPolicy();
  const expiryChoices = expiryChoicesWithin(policy.maxKeyLifetimeDays);
  const [expiry, setExpiry] = useState<ExpiryChoice>(() => defaultExpiry(policy.maxKeyLifetimeDays));
  const permissions = usePermissionsValue(policy.defaultPermissions);
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
        hint={
          policy.maxKeyLifetimeDays === null
            ? "An expired key stops working and frees its slot. You can roll or revoke a key at any time."
            : `Your organization's policy: keys expire within ${policy.maxKeyLifetimeDays} days. An expired key stops working and frees its slot.`
        }
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
          {expiryChoices.map((choice) => (
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
