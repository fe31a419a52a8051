import { cn } from "@/components/ui/cn";
import { describePermissions, holds } from "@/lib/api-keys/permissions";

/**
 * A key's permissions in a few words ("Read-only", "Custom: Read calls, Read activity"). A key
 * that can change keys stands out: it is the one to guard most.
 */
export function PermissionsSummary({ permissions, className }: { permissions: readonly string[]; className?: string }) {
  const writes = holds(permissions, "keys:write");
  return (
    <span
      data-testid="key-permissions"
      className={cn(
        "inline-block rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        writes ? "bg-amber-50 text-amber-900 ring-amber-200" : "bg-slate-50 text-slate-700 ring-slate-200",
        className,
      )}
    >
      {describePermissions(permissions)}
    </span>
  );
}
