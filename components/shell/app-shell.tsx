import Link from "next/link";
import type { ReactNode } from "react";
import type { Viewer } from "@/lib/auth/session";
import { SignOutButton } from "./sign-out-button";
import { TopBar } from "./top-bar";

const ROLE_LABEL = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member" } as const;

export function AppShell({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <TopBar
        width="max-w-6xl"
        title="Glyphic"
        after={
          <>
            <span className="hidden text-slate-300 sm:inline">/</span>
            <span className="truncate text-sm text-slate-600" data-testid="org-name">
              {viewer.organization.name}
            </span>
          </>
        }
        end={
          <div className="flex items-center gap-2 sm:gap-3">
            <span className="hidden text-right text-sm sm:block">
              <span className="block font-medium leading-tight">{viewer.name}</span>
              <span className="block text-xs text-slate-500">{ROLE_LABEL[viewer.role]}</span>
            </span>
            <SignOutButton />
          </div>
        }
      />
      {/* Two destinations: a row of tabs under the header leaves the page's full width to the key table. */}
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 sm:px-6 md:py-8">
        <nav aria-label="Settings" className="flex items-center gap-3">
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Settings</p>
          <ul className="flex gap-1">
            <li>
              <Link
                href="/settings/api"
                aria-current="page"
                className="block rounded-md bg-white px-2.5 py-1.5 text-sm font-medium text-brand-700 shadow-xs ring-1 ring-slate-200"
              >
                API
              </Link>
            </li>
            <li>
              <Link href="/docs/api" className="block rounded-md px-2.5 py-1.5 text-sm text-slate-600 hover:bg-white">
                API docs
              </Link>
            </li>
          </ul>
        </nav>
        <main className="min-w-0 flex-1">{children}</main>
      </div>
    </div>
  );
}
