"use client";

import { useState } from "react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tooltip, TooltipProvider } from "@/components/ui/tooltip";
import type { ApiKeyRow } from "@/lib/api-keys/rows";
import { RevokeKeyDialog, type RevokeTarget } from "./revoke-key-dialog";
import { Timestamp, useNow } from "./timestamp";

const UNKNOWN_CREATOR =
  "The person who created this key has left the workspace, or the key predates this column. The key still works.";

/** The organization's active keys, newest first: Name · API Key · Created On · Created By · Last Used · Actions. */
export function KeyTable({ rows, renderedAt }: { rows: ApiKeyRow[]; renderedAt: string }) {
  const now = useNow(renderedAt);
  const [revoking, setRevoking] = useState<RevokeTarget | null>(null);

  return (
    <TooltipProvider>
      <div>
        <Table label="API keys" minWidth="46rem">
          <caption className="sr-only">Active API keys of your organization, newest first</caption>
          <TableHeader>
            <tr>
              <TableHead pinned>Name</TableHead>
              <TableHead>API Key</TableHead>
              <TableHead>Created On</TableHead>
              <TableHead>Created By</TableHead>
              <TableHead>Last Used</TableHead>
              <TableHead className="text-right">Actions</TableHead>
            </tr>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.id} data-key-id={row.id}>
                <TableCell pinned className="max-w-[11rem] min-w-[9rem] sm:max-w-[16rem]">
                  <span className="font-medium break-words text-slate-900">{row.name}</span>
                </TableCell>
                <TableCell>
                  {/* The visual mask is a long run of asterisks: screen readers get a sentence instead. */}
                  <code
                    aria-hidden="true"
                    data-testid="masked-key"
                    className="inline-block max-w-[9rem] truncate sm:max-w-[12.5rem] rounded-md bg-slate-100 px-2 py-1 align-middle font-mono text-xs text-slate-700"
                  >
                    {row.maskedKey}
                  </code>
                  <span className="sr-only">{row.maskedKey.replace(/\*+$/, "")} followed by hidden characters</span>
                </TableCell>
                <TableCell className="text-slate-700">
                  <Timestamp iso={row.createdAt} now={now} />
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
                <TableCell className="text-right">
                  <button
                    type="button"
                    aria-label={`Revoke ${row.name}`}
                    onClick={(event) => setRevoking({ key: row, trigger: event.currentTarget })}
                    className="rounded-md px-2.5 py-1.5 text-sm font-medium text-red-700 transition-colors hover:bg-red-50 hover:text-red-800"
                  >
                    Revoke
                  </button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <p className="mt-2 text-xs text-slate-500 sm:hidden">
          Swipe the table sideways for dates, last use and Revoke.
        </p>
      </div>
      <RevokeKeyDialog target={revoking} onClose={() => setRevoking(null)} />
    </TooltipProvider>
  );
}
