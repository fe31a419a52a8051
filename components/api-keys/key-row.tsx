"use client";

import { TableCell, TableRow } from "@/components/ui/table";
import { Tooltip } from "@/components/ui/tooltip";
import type { ApiKeyRow } from "@/lib/api-keys/rows";
import { keyStatus } from "@/lib/api-keys/state";
import type { KeyDialogKind } from "./dialog-target";
import { ExpiryButton, KeyStatusBadge } from "./key-status";
import { Timestamp } from "./timestamp";
import { UsageCell } from "./usage-sparkline";

const UNKNOWN_CREATOR =
  "The person who created this key has left the workspace, or the key predates this column. The key still works.";

const ACTION = "rounded-md px-2 py-1.5 text-sm font-medium transition-colors";

/** One key: Name · API Key · Created On · Created By · Last Used · Usage · Actions. */
export function KeyRow({
  row,
  now,
  open,
}: {
  row: ApiKeyRow;
  now: Date;
  open: (kind: KeyDialogKind, row: ApiKeyRow, trigger: HTMLElement) => void;
}) {
  const status = keyStatus(row, now);
  return (
    <TableRow data-key-id={row.id} data-status={status}>
      <TableCell pinned className="max-w-[11rem] min-w-[9rem] sm:max-w-[15rem]">
        {/* Only the name and the status: specs and screen readers find a row by this cell's name. */}
        <span className={`block font-medium break-words ${status === "expired" ? "text-slate-600" : "text-slate-900"}`}>
          {row.name}
        </span>
        <KeyStatusBadge row={row} now={now} />
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
        {row.createdByName ?? (
          <Tooltip content={UNKNOWN_CREATOR}>
            <span
              // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users get the explanation
              tabIndex={0}
              className="cursor-help rounded-sm text-slate-500 italic underline decoration-slate-300 decoration-dotted underline-offset-4"
            >
              Unknown
            </span>
          </Tooltip>
        )}
      </TableCell>
      <TableCell className="text-slate-700">
        {row.lastUsedAt ? (
          <Timestamp iso={row.lastUsedAt} now={now} relative />
        ) : (
          <span className="text-slate-500">Never</span>
        )}
      </TableCell>
      <TableCell>
        <UsageCell usage={row.usage} />
      </TableCell>
      <TableCell className="text-right whitespace-nowrap">
        {status === "active" ? (
          <button
            type="button"
            aria-label={`Rename ${row.name}`}
            onClick={(event) => open("rename", row, event.currentTarget)}
            className={`${ACTION} text-slate-700 hover:bg-slate-100 hover:text-slate-900`}
          >
            Rename
          </button>
        ) : null}
        {status === "active" ? (
          <button
            type="button"
            aria-label={`Roll ${row.name}`}
            onClick={(event) => open("roll", row, event.currentTarget)}
            className={`${ACTION} text-slate-700 hover:bg-slate-100 hover:text-slate-900`}
          >
            Roll
          </button>
        ) : null}
        <button
          type="button"
          aria-label={`Revoke ${row.name}`}
          onClick={(event) => open("revoke", row, event.currentTarget)}
          className={`${ACTION} text-red-700 hover:bg-red-50 hover:text-red-800`}
        >
          Revoke
        </button>
      </TableCell>
    </TableRow>
  );
}
