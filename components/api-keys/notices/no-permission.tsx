import { LockIcon } from "lucide-react";
import Link from "next/link";
import { IconBadge } from "@/components/ui/callout";

function joinNames(names: string[]): string {
  if (names.length <= 2) return names.join(" or ");
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/** What a member without api_keys:manage sees at Settings → API. */
export function NoPermission({ organizationName, admins }: { organizationName: string; admins: string[] }) {
  return (
    <section
      aria-labelledby="api-keys-heading"
      className="flex flex-col items-center rounded-xl border border-slate-200 bg-white px-6 py-12 text-center shadow-xs"
    >
      <IconBadge tone="neutral">
        <LockIcon />
      </IconBadge>
      <h1 id="api-keys-heading" className="mt-4 text-lg font-semibold tracking-tight text-slate-900">
        You don't have permission to manage API keys
      </h1>
      <p className="mt-2 max-w-md text-sm leading-relaxed text-slate-600">
        Only admins of {organizationName} can create, view and revoke API keys.{" "}
        {admins.length > 0
          ? `If an integration needs a key, ask ${joinNames(admins)}.`
          : "If an integration needs a key, ask an admin of your organization."}
      </p>
      <p className="mt-4 text-sm text-slate-600">
        Curious how keys work?{" "}
        <Link href="/docs/api" className="font-medium text-brand-700 underline underline-offset-2">
          Read the API documentation
        </Link>
        .
      </p>
    </section>
  );
}
