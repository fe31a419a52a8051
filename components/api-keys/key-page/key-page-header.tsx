"use client";

import { ArrowLeftIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import type { KeyPageData } from "@/lib/api-keys/views/key-page";
import { API_SETTINGS_PATH, apiKeyPath } from "@/lib/routes";
import type { KeyDialogKind, KeyDialogTarget } from "../dialogs/dialog-target";
import { ExpiryKeyDialog } from "../dialogs/expiry-key-dialog";
import { RenameKeyDialog } from "../dialogs/rename-key-dialog";
import { RevokeKeyDialog } from "../dialogs/revoke-key-dialog";
import { RollKeyDialog } from "../dialogs/roll-key-dialog";

const STATUS_BADGE = {
  active: { label: "Active", className: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  rolling: { label: "Rolling", className: "bg-amber-50 text-amber-900 ring-amber-200" },
  expired: { label: "Expired", className: "bg-slate-100 text-slate-700 ring-slate-200" },
  revoked: { label: "Revoked", className: "bg-red-50 text-red-800 ring-red-200" },
} as const;

export function StatusBadge({ status }: { status: KeyPageData["key"]["status"] }) {
  const badge = STATUS_BADGE[status];
  return (
    <span
      data-testid="key-page-status"
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${badge.className}`}
    >
      {badge.label}
    </span>
  );
}

/**
 * The key's name and status, and the same row actions as the table, with the same dialogs and
 * server actions. After one, the page is rendered anew, so a revoked or rolled key reads as such.
 */
export function KeyPageHeader({ data }: { data: KeyPageData }) {
  const router = useRouter();
  const { key, row } = data;
  const [dialog, setDialog] = useState<(KeyDialogTarget & { kind: KeyDialogKind }) | null>(null);
  const close = useCallback(() => {
    setDialog(null);
    router.refresh();
  }, [router]);
  const targetFor = (kind: KeyDialogKind) => (dialog?.kind === kind ? dialog : null);
  const open = (kind: KeyDialogKind) => (event: React.MouseEvent<HTMLElement>) => {
    if (row) setDialog({ kind, key: row, trigger: event.currentTarget });
  };
  const active = key.status === "active";
  // A revoke removes the button that opened its dialog: once the page shows the new status,
  // focus goes to the key's name rather than being lost.
  const heading = useRef<HTMLHeadingElement>(null);
  const shownStatus = useRef(key.status);
  useEffect(() => {
    const changed = shownStatus.current !== key.status;
    shownStatus.current = key.status;
    if (changed && (document.activeElement === null || document.activeElement === document.body)) {
      heading.current?.focus();
    }
  }, [key.status]);

  return (
    <header className="space-y-4">
      <Link
        href={API_SETTINGS_PATH}
        className="inline-flex items-center gap-1.5 rounded-sm text-sm text-slate-600 hover:text-brand-700"
      >
        <ArrowLeftIcon className="h-4 w-4" />
        API keys
      </Link>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 space-y-1.5">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold tracking-tight break-words outline-none">
              {key.name}
            </h1>
            <StatusBadge status={key.status} />
          </div>
          <p className="text-sm text-slate-600">
            <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700" aria-hidden="true">
              {key.maskedKey}
            </code>
            <span className="sr-only">Key starting {key.prefix}</span>
            {key.replacedBy ? (
              <>
                {" "}
                · Replaced by{" "}
                <Link href={apiKeyPath(key.replacedBy.id)} className="text-brand-700 underline underline-offset-4">
                  its new key
                </Link>
              </>
            ) : null}
          </p>
        </div>
        {row ? (
          <div className="flex flex-wrap gap-2">
            {active ? (
              <>
                <ActionButton label="Rename" onClick={open("rename")} />
                <ActionButton label="Roll" onClick={open("roll")} />
                <ActionButton label="Change expiry" onClick={open("expiry")} />
              </>
            ) : null}
            <ActionButton label="Revoke" danger onClick={open("revoke")} />
          </div>
        ) : null}
      </div>
      <RenameKeyDialog target={targetFor("rename")} onClose={close} />
      <RollKeyDialog target={targetFor("roll")} onClose={close} />
      <ExpiryKeyDialog target={targetFor("expiry")} onClose={close} />
      <RevokeKeyDialog target={targetFor("revoke")} onClose={close} />
    </header>
  );
}

function ActionButton({
  label,
  danger = false,
  onClick,
}: {
  label: string;
  danger?: boolean;
  onClick: (event: React.MouseEvent<HTMLElement>) => void;
}) {
  const tone = danger
    ? "border-red-200 text-red-700 hover:bg-red-50 hover:text-red-800"
    : "border-slate-300 text-slate-800 hover:bg-slate-50";
  return (
    <button
      type="button"
      onClick={onClick}
      className={`rounded-md border bg-white px-3 py-1.5 text-sm font-medium shadow-xs transition-colors ${tone}`}
    >
      {label}
    </button>
  );
}
