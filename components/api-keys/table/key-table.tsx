"use client";

import { useCallback, useState } from "react";
import { Table, TableBody, TableHead, TableHeader } from "@/components/ui/table";
import { useNow } from "@/components/ui/timestamp";
import { TooltipProvider } from "@/components/ui/tooltip";
import type { ApiKeyRow } from "@/lib/api-keys/views/rows";
import type { KeyDialogKind, KeyDialogTarget } from "../dialogs/dialog-target";
import { ExpiryKeyDialog } from "../dialogs/expiry-key-dialog";
import { RenameKeyDialog } from "../dialogs/rename-key-dialog";
import { RevokeKeyDialog } from "../dialogs/revoke-key-dialog";
import { RollKeyDialog } from "../dialogs/roll-key-dialog";
import { KeyRow } from "./key-row";

/**
 * The organization's keys that are not revoked, newest first, a rolled key right below its
 * replacement: Name · Permissions · API Key · Created On · Created By · Last Used · Usage · Actions.
 */
export function KeyTable({ rows, renderedAt }: { rows: ApiKeyRow[]; renderedAt: string }) {
  const now = useNow(renderedAt);
  const [dialog, setDialog] = useState<(KeyDialogTarget & { kind: KeyDialogKind }) | null>(null);
  const open = useCallback(
    (kind: KeyDialogKind, key: ApiKeyRow, trigger: HTMLElement) => setDialog({ kind, key, trigger }),
    [],
  );
  const close = useCallback(() => setDialog(null), []);
  const targetFor = (kind: KeyDialogKind) => (dialog?.kind === kind ? dialog : null);

  return (
    <TooltipProvider>
      <div>
        <Table label="API keys" minWidth="68rem">
          <caption className="sr-only">API keys of your organization, newest first</caption>
          <TableHeader>
            <tr>
              <TableHead pinned>Name</TableHead>
              <TableHead>Permissions</TableHead>
              <TableHead>API Key</TableHead>
              <TableHead>Created On</TableHead>
              <TableHead>Created By</TableHead>
              <TableHead>Last Used</TableHead>
              <TableHead>Usage (24 h)</TableHead>
              <TableHead className="text-right">Actions</TableHead>
            </tr>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <KeyRow key={row.id} row={row} now={now} open={open} />
            ))}
          </TableBody>
        </Table>
        <p className="mt-2 text-xs text-slate-500 lg:hidden">
          Swipe the table sideways for the key, dates, usage and actions.
        </p>
      </div>
      <RenameKeyDialog target={targetFor("rename")} onClose={close} />
      <RollKeyDialog target={targetFor("roll")} onClose={close} />
      <ExpiryKeyDialog target={targetFor("expiry")} onClose={close} />
      <RevokeKeyDialog target={targetFor("revoke")} onClose={close} />
    </TooltipProvider>
  );
}
