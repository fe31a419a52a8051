import { BookOpenIcon, EyeIcon, LockIcon, MailIcon, PlugIcon, RefreshCwIcon } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

const PRACTICES: { icon: ReactNode; title: string; body: ReactNode }[] = [
  {
    icon: <LockIcon />,
    title: "Treat keys like passwords",
    body: "Don't commit them to source control, paste them into chat, or share them in email. Use a secret manager.",
  },
  {
    icon: <PlugIcon />,
    title: "One key per consumer",
    body: "Give each integration its own descriptively named key, so rotating or revoking one never breaks another.",
  },
  {
    icon: <RefreshCwIcon />,
    title: "Roll keys regularly",
    body: "Roll gives a key a replacement with the same name and keeps the old one working for a grace period you choose. Switch the consumer over; Last Used on both rows confirms the switch.",
  },
  {
    icon: <EyeIcon />,
    title: "Give each key only what it needs",
    body: "Permissions limit what a key may do: read calls, read or change keys, read activity. A key that reads calls reads every non-private call — it can't be scoped to a user, team or project. If you suspect one has leaked, revoke it right away, or roll it with “Now”.",
  },
];

/** Short guidance from the help center, the API docs, and who to ask. */
export function KeyGuidance({ supportEmail }: { supportEmail: string }) {
  return (
    <section aria-labelledby="api-key-guidance-title" className="space-y-4">
      <h2 id="api-key-guidance-title" className="text-sm font-semibold text-slate-900">
        Using keys safely
      </h2>
      <ul className="grid gap-3 sm:grid-cols-2">
        {PRACTICES.map((practice) => (
          <li key={practice.title} className="flex gap-3 rounded-xl border border-slate-200 bg-white p-4">
            <span aria-hidden="true" className="mt-0.5 text-brand-600 [&_svg]:h-4 [&_svg]:w-4">
              {practice.icon}
            </span>
            <div className="min-w-0">
              <h3 className="text-sm font-medium text-slate-900">{practice.title}</h3>
              <p className="mt-1 text-sm leading-relaxed text-slate-600">{practice.body}</p>
            </div>
          </li>
        ))}
      </ul>
      <div className="flex flex-col gap-2 text-sm text-slate-600 sm:flex-row sm:flex-wrap sm:gap-x-6">
        <p className="flex items-center gap-2">
          <BookOpenIcon className="h-4 w-4 shrink-0 text-slate-400" />
          <span>
            Send the key in the <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs">X-API-Key</code>{" "}
            header — see the{" "}
            <Link href="/docs/api" className="font-medium text-brand-700 underline underline-offset-2">
              API documentation
            </Link>
            .
          </span>
        </p>
        <p className="flex items-center gap-2">
          <MailIcon className="h-4 w-4 shrink-0 text-slate-400" />
          <span>
            Questions about API keys?{" "}
            <a href={`mailto:${supportEmail}`} className="font-medium text-brand-700 underline underline-offset-2">
              {supportEmail}
            </a>
          </span>
        </p>
      </div>
    </section>
  );
}
