"use client";

import Link from "next/link";
import { TableCell, TableRow } from "@/components/ui/table";
import { Timestamp } from "@/components/ui/timestamp";
import { UnknownPerson } from "@/components/ui/unknown-person";
import { keyStatus } from "@/lib/api-keys/state";
import type { ApiKeyRow } from "@/lib/api-keys/views/rows";
import { apiKeyPath } from "@/lib/routes";
import type { KeyDialogKind } from "../dialogs/dialog-target";
import { PermissionsSummary } from "../permissions/permissions-summary";
import { ExpiryButton, KeyStatusBadge } from "./key-status";
import { RequestsCell } from "./requests-sparkline";

const UNKNOWN_CREATOR =
  "The person who created this key has left the workspace, or the key predates this column. The key still works.";

const ACTION_TONES = {
  neutral: "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
  danger: "text-red-700 hover:bg-red-50 hover:text-red-800",
};

type OpenDialog = (kind: KeyDialogKind, row: ApiKeyRow, trigger: HTMLElement) => void;

/** One key: Name · Permissions · API Key · Created On · Created By · Last Used · Usage · Actions. */
export function KeyRow({ row, now, open }: { row: ApiKeyRow; now: Date; open: OpenDialog }) {
  const status = keyStatus(row, now);
  return (
    <TableRow data-key-id={row.id} data-status={status}>
      <TableCell pinned className="max-w-[11rem] min-w-[9rem] sm:max-w-[15rem]">
        {/* Only the name and the status: specs and screen readers find a row by this cell's name. */}
        <span className={`block font-medium break-words ${status === "expired" ? "text-slate-600" : "text-slate-900"}`}>
          {/* The key's own page: its usage, recent requests and allowed addresses. */}
          <Link
            href={apiKeyPath(row.id)}
            className="rounded-sm underline decoration-slate-300 underline-offset-4 hover:text-brand-700 hover:decoration-brand-500"
          >
            {row.name}
          </Link>
        </span>
        <KeyStatusBadge row={row} now={now} />
      </TableCell>
      <TableCell className="min-w-[7.5rem] max-w-[11rem] text-slate-700">
        <PermissionsSummary permissions={row.permissions} />
      </TableCell>
      <TableCell>
        {/* The visual mask is a long run of asterisks: screen readers get a sentence instead. */}
        <code
          aria-hidden="true"
          data-testid="masked-key"
          className="inline-block max-w-[7.5rem] truncate rounded-md bg-slate-100 px-2 py-1 align-middle font-mono text-xs text-slate-700"
        >
          {row.maskedKey}
        </code>
        <span className="sr-only">{row.maskedKey.replace(/\*+$/, "")} followed by hidden characters</span>
      </TableCell>
      <TableCell className="text-slate-700">
        <Timestamp iso={row.createdAt} now={now} />
        <ExpiryButton row={row} now={now} onChange={(trigger) => open("expiry", row, trigger)} />
      </TableCell>
      <TableCell className="whitespace-nowrap text-slate-700">
        {row.createdByName ?? <UnknownPerson reason={UNKNOWN_CREATOR} />}
      </TableCell>
      <TableCell className="text-slate-700">
        {row.lastUsedAt ? (
          <Timestamp iso={row.lastUsedAt} now={now} relative />
        ) : (
          <span className="text-slate-500">Never</span>
        )}
      </TableCell>
      <TableCell>
        <RequestsCell requests={row.requests} />
      </TableCell>
      <TableCell className="text-right whitespace-nowrap">
        {status === "active" ? (
          <>
            <RowAction kind="rename" label="Rename" row={row} open={open} />
            <RowAction kind="roll" label="Roll" row={row} open={open} />
          </>
        ) : null}
        <RowAction kind="revoke" label="Revoke" row={row} open={open} />
      </TableCell>
    </TableRow>
  );
}

/** A row button that opens one of the key's dialogs; its name says which key, for screen readers. */
function RowAction({
  kind,
  label,
  row,
  open,
}: {
  kind: KeyDialogKind;
  label: string;
  row: ApiKeyRow;
  open: OpenDialog;
}) {
  return (
    <button
      type="button"
      aria-label={`${label} ${row.name}`}
      onClick={(event) => open(kind, row, event.currentTarget)}
      className={`rounded-md px-2 py-1.5 text-sm font-medium transition-colors ${ACTION_TONES[kind === "revoke" ? "danger" : "neutral"]}`}
    >
      {label}
    </button>
  );
}
