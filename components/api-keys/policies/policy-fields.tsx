import type { ReactNode } from "react";
import { Select } from "@/components/ui/select";
import { Field } from "../forms/key-dialog-parts";

/** The Policies form's field ids and labels (the labels are a contract: tests and docs use them). */
export const FIELDS = {
  maxKeyLifetimeDays: "policy-max-lifetime",
  requireAllowedAddressesForWrite: "policy-require-addresses",
  expireUnusedAfterDays: "policy-expire-unused",
  defaultPermissions: "policy-default-permissions",
  enforceFrom: "policy-enforce-from",
} as const;

export const POLICY_LABELS = {
  maxKeyLifetimeDays: "Maximum key lifetime",
  requireAllowedAddressesForWrite: "Require allowed addresses for keys that can change keys",
  expireUnusedAfterDays: "Expire keys unused for",
  defaultPermissions: "Default permissions for new keys",
  enforceFrom: "Enforce on existing keys from",
} as const;

export type SelectField = "maxKeyLifetimeDays" | "expireUnusedAfterDays" | "defaultPermissions";

/** One of the form's choice fields: its label, hint or error, and the select they describe. */
export function PolicySelect({
  field,
  hint,
  error,
  describedBy,
  value,
  onChange,
  children,
}: {
  field: SelectField;
  hint: string;
  error: string | undefined;
  describedBy: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <Field id={FIELDS[field]} label={POLICY_LABELS[field]} hint={hint} error={error} className="">
      <Select
        id={FIELDS[field]}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={describedBy}
        className="sm:w-56"
      >
        {children}
      </Select>
    </Field>
  );
}

/** The "none" option, labelled `none`, then each choice as a number of days. */
export function DayOptions({ none, choices }: { none: string; choices: readonly number[] }) {
  return (
    <>
      <option value="none">{none}</option>
      {choices.map((choice) => (
        <option key={choice} value={String(choice)}>
          {choice} days
        </option>
      ))}
    </>
  );
}
