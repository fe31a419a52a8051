import { cn } from "@/components/ui/cn";
import { describePermissions, holds, presetOf } from "@/lib/api-keys/permissions";

const PILL = "inline-block rounded-md px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset";

/**
 * A key's permissions in a few words: a preset's name ("Read-only"), or "Custom" with what it
 * allows on the line below, so a narrow column wraps the list rather than the badge. The text
 * reads "Custom: Read calls, Read activity" as a whole. A key that can change keys stands out:
 * it is the one to guard most.
 */
export function PermissionsSummary({
  permissions,
  oneLine = false,
  className,
}: {
  permissions: readonly string[];
  /** Where there is room (the key page): "Custom: …" in the badge too. */
  oneLine?: boolean;
  className?: string;
}) {
  const tone = holds(permissions, "keys:write")
    ? "bg-amber-50 text-amber-900 ring-amber-200"
    : "bg-slate-50 text-slate-700 ring-slate-200";
  const label = describePermissions(permissions);
  if (oneLine || presetOf(permissions) !== "custom") {
    return (
      <span data-testid="key-permissions" className={cn(PILL, oneLine && "whitespace-normal", tone, className)}>
        {label}
      </span>
    );
  }
  const parts = label.replace(/^Custom: /, "");
  return (
    <span data-testid="key-permissions" className="inline-block">
      <span className={cn(PILL, tone, className)}>Custom</span>
      <span className="sr-only">: </span>
      <span className="mt-1 block text-xs leading-snug text-slate-600">{parts}</span>
    </span>
  );
}
