"use client";

import { ShieldCheckIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { saveKeyPoliciesAction } from "@/lib/actions/save-key-policies";
import {
  describePermissions,
  PERMISSION_PRESETS,
  type PermissionPreset,
  PRESET_LABELS,
  presetOf,
} from "@/lib/api-keys/permissions";
import { LIFETIME_CHOICES, UNUSED_CHOICES } from "@/lib/api-keys/policies";
import type { KeyPolicyView } from "@/lib/api-keys/views/policy";
import { Field, FormError } from "../forms/key-dialog-parts";
import { useKeyAction } from "../forms/use-key-action";
import { DayOptions, FIELDS, POLICY_LABELS, PolicySelect, type SelectField } from "./policy-fields";

export { POLICY_LABELS };

const PRESETS = Object.keys(PERMISSION_PRESETS) as PermissionPreset[];

const days = (value: number | null, none: string) => (value === null ? none : `${value} days`);

/** The form's values: what the action takes ("none" or a number of days as text). */
interface PolicyFormValues {
  maxKeyLifetimeDays: string;
  requireAllowedAddressesForWrite: boolean;
  expireUnusedAfterDays: string;
  /** A preset, or "custom" for a stored set that is none of them (kept as it is unless changed). */
  defaultPermissions: PermissionPreset | "custom";
  enforceFrom: string;
}

function valuesOf(policy: KeyPolicyView): PolicyFormValues {
  return {
    maxKeyLifetimeDays: policy.maxKeyLifetimeDays === null ? "none" : String(policy.maxKeyLifetimeDays),
    requireAllowedAddressesForWrite: policy.requireAllowedAddressesForWrite,
    expireUnusedAfterDays: policy.expireUnusedAfterDays === null ? "none" : String(policy.expireUnusedAfterDays),
    defaultPermissions: presetOf(policy.defaultPermissions),
    enforceFrom: policy.enforceFrom ?? "",
  };
}

/**
 * Settings → API, Policies: rules for every key of the organization. Owners edit them; admins
 * (who manage keys but may not set the rules they follow) see them read-only. The rules and
 * their refusals are the server's (lib/api-keys/policies.ts, lib/api-keys/schemas.ts).
 */
export function KeyPoliciesSection({
  policy,
  canManage,
  organizationName,
}: {
  policy: KeyPolicyView;
  canManage: boolean;
  organizationName: string;
}) {
  return (
    <section aria-labelledby="key-policies-title" className="space-y-3">
      <div className="space-y-0.5">
        <h2 id="key-policies-title" className="flex items-center gap-1.5 text-sm font-semibold text-slate-900">
          <ShieldCheckIcon aria-hidden="true" className="h-4 w-4 text-brand-600" />
          Policies
        </h2>
        <p className="text-xs text-slate-500">
          Rules every API key of {organizationName} follows. They apply to new keys and to every change of a key.
        </p>
      </div>
      {canManage ? <PoliciesForm policy={policy} /> : <PoliciesSummary policy={policy} />}
    </section>
  );
}

function PoliciesSummary({ policy }: { policy: KeyPolicyView }) {
  const rows: [string, string][] = [
    [POLICY_LABELS.maxKeyLifetimeDays, days(policy.maxKeyLifetimeDays, "No maximum")],
    [POLICY_LABELS.requireAllowedAddressesForWrite, policy.requireAllowedAddressesForWrite ? "Yes" : "No"],
    [POLICY_LABELS.expireUnusedAfterDays, days(policy.expireUnusedAfterDays, "Never")],
    [POLICY_LABELS.defaultPermissions, describePermissions(policy.defaultPermissions)],
    [POLICY_LABELS.enforceFrom, policy.enforceFrom ?? "Not set"],
  ];
  return (
    <div className="rounded-xl border border-slate-200 bg-white shadow-xs" data-testid="key-policies-summary">
      <dl className="divide-y divide-slate-100">
        {rows.map(([label, value]) => (
          <div key={label} className="flex flex-col gap-0.5 px-4 py-2.5 sm:flex-row sm:items-baseline sm:gap-4">
            <dt className="text-sm text-slate-600 sm:w-[27rem] sm:shrink-0">{label}</dt>
            <dd className="text-sm font-medium text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="rounded-b-xl border-t border-slate-100 bg-slate-50 px-4 py-2.5 text-xs text-slate-600">
        Owners of your organization set these policies. Ask an owner to change them.
      </p>
    </div>
  );
}

function PoliciesForm({ policy }: { policy: KeyPolicyView }) {
  const router = useRouter();
  const [values, setValues] = useState<PolicyFormValues>(() => valuesOf(policy));
  const save = useKeyAction(saveKeyPoliciesAction, {
    fields: Object.keys(FIELDS),
    onSuccess: (result) => {
      toast.success(
        result.changes.length === 0 ? "The key policies were already set this way." : "Key policies saved.",
      );
      router.refresh();
    },
  });
  const errorOf = (field: keyof typeof FIELDS) => save.fieldErrors[field]?.[0];
  const set = <Field extends keyof PolicyFormValues>(field: Field, value: PolicyFormValues[Field]) => {
    setValues((current) => ({ ...current, [field]: value }));
    if (save.fieldErrors[field]) save.reset();
  };
  const describedBy = (field: keyof typeof FIELDS) =>
    errorOf(field) ? `${FIELDS[field]}-error` : `${FIELDS[field]}-hint`;
  const selectProps = (field: SelectField) => ({
    field,
    error: errorOf(field),
    describedBy: describedBy(field),
    value: values[field],
    onChange: (value: string) => set(field, value),
  });

  return (
    <form
      noValidate
      aria-labelledby="key-policies-title"
      onSubmit={(event) => {
        event.preventDefault();
        save.run({
          maxKeyLifetimeDays: values.maxKeyLifetimeDays,
          requireAllowedAddressesForWrite: values.requireAllowedAddressesForWrite,
          expireUnusedAfterDays: values.expireUnusedAfterDays,
          // A stored set that is no preset is sent back as it is.
          defaultPermissions:
            values.defaultPermissions === "custom"
              ? policy.defaultPermissions
              : [...PERMISSION_PRESETS[values.defaultPermissions]],
          enforceFrom: values.enforceFrom,
        });
      }}
      className="rounded-xl border border-slate-200 bg-white px-4 py-4 shadow-xs sm:px-5"
    >
      <div className="grid gap-x-8 gap-y-5 md:grid-cols-2">
        <PolicySelect
          {...selectProps("maxKeyLifetimeDays")}
          hint="New keys, rolls and expiry changes must expire within it."
        >
          <DayOptions none="No maximum" choices={LIFETIME_CHOICES} />
        </PolicySelect>

        <PolicySelect
          {...selectProps("expireUnusedAfterDays")}
          hint="A key with no request for this long expires, freeing its slot."
        >
          <DayOptions none="Never" choices={UNUSED_CHOICES} />
        </PolicySelect>

        <PolicySelect
          {...selectProps("defaultPermissions")}
          hint="Preselected in Create New Key, and given to keys the API creates without permissions."
        >
          {PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {PRESET_LABELS[preset]}
            </option>
          ))}
          {values.defaultPermissions === "custom" ? (
            <option value="custom">{describePermissions(policy.defaultPermissions)}</option>
          ) : null}
        </PolicySelect>

        <Field
          id={FIELDS.enforceFrom}
          label={`${POLICY_LABELS.enforceFrom} (optional)`}
          hint="From this day, keys that still break a policy expire. Empty: they keep working."
          error={errorOf("enforceFrom")}
          className=""
        >
          <Input
            id={FIELDS.enforceFrom}
            type="date"
            value={values.enforceFrom}
            onChange={(event) => set("enforceFrom", event.target.value)}
            aria-invalid={errorOf("enforceFrom") ? true : undefined}
            aria-describedby={describedBy("enforceFrom")}
            className="sm:w-56"
          />
        </Field>

        <div className="md:col-span-2">
          <div className="flex gap-3 rounded-lg border border-slate-200 bg-slate-50/60 px-3 py-2.5">
            <input
              id={FIELDS.requireAllowedAddressesForWrite}
              type="checkbox"
              checked={values.requireAllowedAddressesForWrite}
              onChange={(event) => set("requireAllowedAddressesForWrite", event.target.checked)}
              aria-describedby={describedBy("requireAllowedAddressesForWrite")}
              className="mt-0.5 h-4 w-4 shrink-0 accent-brand-600"
            />
            <div className="min-w-0 space-y-0.5">
              <label
                htmlFor={FIELDS.requireAllowedAddressesForWrite}
                className="block cursor-pointer text-sm font-medium text-slate-700"
              >
                {POLICY_LABELS.requireAllowedAddressesForWrite}
              </label>
              {errorOf("requireAllowedAddressesForWrite") ? (
                <p id={`${FIELDS.requireAllowedAddressesForWrite}-error`} className="text-sm text-red-700">
                  {errorOf("requireAllowedAddressesForWrite")}
                </p>
              ) : (
                <p id={`${FIELDS.requireAllowedAddressesForWrite}-hint`} className="text-xs text-slate-500">
                  Keys with the keys:write permission (Full access) must have Allowed addresses, so a leaked key that
                  can create keys is useless elsewhere.
                </p>
              )}
            </div>
          </div>
        </div>
      </div>

      <FormError error={save.error} />
      <div className="mt-5 flex flex-col gap-3 border-t border-slate-100 pt-4 sm:flex-row sm:items-center">
        <Button type="submit" disabled={save.pending} className="w-full sm:w-auto">
          {save.pending ? "Saving…" : "Save policies"}
        </Button>
        <p className="text-xs text-slate-500">
          Existing keys that break a new policy keep working until the enforcement date.
        </p>
      </div>
    </form>
  );
}
