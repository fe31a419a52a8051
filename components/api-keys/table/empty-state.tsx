import { KeyIcon } from "lucide-react";
import { IconBadge } from "@/components/ui/callout";

/** Shown instead of the table while the organization has no active keys. */
export function EmptyState() {
  return (
    <section
      aria-labelledby="api-keys-empty-title"
      className="flex flex-col items-center rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center"
    >
      <IconBadge>
        <KeyIcon />
      </IconBadge>
      <h2 id="api-keys-empty-title" className="mt-4 text-base font-semibold text-slate-900">
        No API keys yet
      </h2>
      <p className="mt-2 max-w-md text-sm leading-relaxed text-slate-600">
        A key lets a system you run — a data warehouse export, a Zapier integration, your own scripts — read your
        organization's calls through the Glyphic API. Choose <strong className="font-medium">Create New Key</strong> and
        name it after the system that will use it.
      </p>
    </section>
  );
}
