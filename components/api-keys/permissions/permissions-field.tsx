"use client";

import { useEffect, useId, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import {
  levelsOf,
  PERMISSION_LEVELS,
  PERMISSION_PRESETS,
  type Permission,
  type PermissionLevels,
  type PermissionPreset,
  type PermissionResource,
  PRESET_LABELS,
  permissionsOf,
  presetOf,
} from "@/lib/api-keys/permissions";

export type PermissionsChoice = PermissionPreset | "custom";

/** The presets first, as most keys need one of them; Custom last. */
const CHOICES: PermissionsChoice[] = ["read_calls", "read_only", "full_access", "custom"];

const CHOICE_HINTS: Record<PermissionsChoice, string> = {
  read_calls: "Read calls and their summaries. Nothing else.",
  read_only: "Read calls, API keys and the activity log. Change nothing.",
  full_access: "Everything, including creating, rolling and revoking API keys.",
  custom: "Choose the access to calls, API keys and activity one by one.",
};

/** The Custom matrix's rows, as Stripe's restricted keys present them. */
const RESOURCES: { resource: PermissionResource; label: string; hint: string }[] = [
  { resource: "calls", label: "Calls", hint: "Calls and their summaries" },
  { resource: "keys", label: "API keys", hint: "This organization's keys, their requests and usage" },
  { resource: "activity", label: "Activity", hint: "Who changed which key, and when" },
];

const LEVEL_LABELS = { none: "None", read: "Read", write: "Write" } as const;

export interface PermissionsValue {
  choice: PermissionsChoice;
  /** The Custom matrix; follows the chosen preset, so Custom starts from it. */
  levels: PermissionLevels;
}

/** The field's state, starting from a key's permissions (Read calls for a new key). */
export function usePermissionsValue(initial: readonly Permission[] = PERMISSION_PRESETS.read_calls) {
  const [value, setValue] = useState<PermissionsValue>(() => ({
    choice: presetOf(initial),
    levels: levelsOf(initial),
  }));
  const permissions: Permission[] =
    value.choice === "custom" ? permissionsOf(value.levels) : [...PERMISSION_PRESETS[value.choice]];
  return { value, setValue, permissions };
}

/**
 * What a key may do: a preset (Read calls, Read-only, Full access) or Custom, which opens a
 * matrix of None / Read / Write per resource. Native radios, so arrow keys and screen readers
 * work as they do everywhere. The rules are the server's (lib/api-keys/schemas.ts): an empty
 * Custom set is sent, and its refusal shown as `error`.
 */
export function PermissionsField({
  value,
  onChange,
  error,
  className,
}: {
  value: PermissionsValue;
  onChange: (next: PermissionsValue) => void;
  error?: string;
  className?: string;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const group = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (error) group.current?.querySelector<HTMLInputElement>("input:checked")?.focus();
  }, [error]);

  function choose(choice: PermissionsChoice) {
    if (choice === "custom") onChange({ ...value, choice });
    else onChange({ choice, levels: levelsOf(PERMISSION_PRESETS[choice]) });
  }

  return (
    <div className={cn("mt-5 space-y-2", className)}>
      <fieldset ref={group} aria-describedby={error ? errorId : undefined}>
        <legend className="text-sm font-medium text-slate-700">Permissions</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {CHOICES.map((choice) => {
            const optionId = `${id}-${choice}`;
            return (
              <div
                key={choice}
                className="relative flex gap-3 rounded-lg border border-slate-200 bg-white px-3 py-2.5 transition-colors hover:border-slate-300 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50/60"
              >
                <input
                  id={optionId}
                  type="radio"
                  name={`${id}-choice`}
                  value={choice}
                  checked={value.choice === choice}
                  onChange={() => choose(choice)}
                  aria-describedby={`${optionId}-hint`}
                  className="relative z-[1] mt-0.5 h-4 w-4 shrink-0 accent-brand-600"
                />
                <div className="min-w-0 text-sm">
                  {/* The label's ::after covers the card (the radio stays above it), so the whole card picks
                      the option, while the radio's name stays the option's name alone (the hint is its
                      description). */}
                  <label
                    htmlFor={optionId}
                    className="block cursor-pointer font-medium text-slate-900 after:absolute after:inset-0 after:rounded-lg after:content-['']"
                  >
                    {PRESET_LABELS[choice]}
                  </label>
                  <p id={`${optionId}-hint`} className="text-xs leading-snug text-slate-600">
                    {CHOICE_HINTS[choice]}
                  </p>
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>

      {value.choice === "custom" ? (
        <CustomMatrix id={id} levels={value.levels} onChange={(levels) => onChange({ choice: "custom", levels })} />
      ) : null}

      {error ? (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** One row per resource, each a radio group of its levels: None · Read (· Write). */
function CustomMatrix({
  id,
  levels,
  onChange,
}: {
  id: string;
  levels: PermissionLevels;
  onChange: (levels: PermissionLevels) => void;
}) {
  return (
    <div
      data-testid="permissions-matrix"
      className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-slate-50/60"
    >
      {RESOURCES.map(({ resource, label, hint }) => {
        const labelId = `${id}-${resource}-label`;
        return (
          <div
            key={resource}
            role="radiogroup"
            aria-labelledby={labelId}
            className="flex flex-col gap-2 px-3 py-2.5 sm:flex-row sm:items-center sm:justify-between sm:gap-4"
          >
            <div className="min-w-0">
              <p id={labelId} className="text-sm font-medium text-slate-900">
                {label}
              </p>
              <p className="text-xs text-slate-600">{hint}</p>
            </div>
            {/* A fixed-width, left-aligned slot: None and Read line up in every row, Write only where it exists. */}
            <div className="shrink-0 sm:w-[12.75rem]">
              <div className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 shadow-xs">
                {PERMISSION_LEVELS[resource].map((level) => {
                  const levelId = `${id}-${resource}-${level}`;
                  return (
                    <div key={level} className="relative">
                      <input
                        id={levelId}
                        type="radio"
                        name={`${id}-${resource}`}
                        value={level}
                        checked={levels[resource] === level}
                        onChange={() => onChange({ ...levels, [resource]: level })}
                        // Transparent over its label: the radio itself takes the click, the label shows it.
                        className="peer absolute inset-0 z-[1] m-0 cursor-pointer appearance-none opacity-0"
                      />
                      <label
                        htmlFor={levelId}
                        className="block min-w-14 cursor-pointer rounded px-3 py-1 text-center text-sm text-slate-700 transition-colors peer-checked:bg-brand-600 peer-checked:font-medium peer-checked:text-white peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600 peer-[:hover:not(:checked)]:bg-slate-100"
                      >
                        {LEVEL_LABELS[level]}
                      </label>
                    </div>
                  );
                })}
              </div>
            </div>
          </div>
        );
      })}
    </div>
  );
}
