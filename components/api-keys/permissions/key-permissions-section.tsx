"use client";

import { CheckIcon, XIcon } from "lucide-react";
import { SectionHeader } from "@/components/ui/section-header";
import { holds, PERMISSION_DESCRIPTIONS, PERMISSIONS, type Permission } from "@/lib/api-keys/permissions";
import { ChangePermissionsDialog } from "./change-permissions-dialog";
import { PermissionsSummary } from "./permissions-summary";

/**
 * The key page's Permissions: what the key can do and what it cannot, in plain words, and (while
 * it is not revoked) Change permissions. The page is for admins only (a member gets 403), so
 * whoever sees the section may change them.
 */
export function KeyPermissionsSection({
  keyId,
  keyName,
  permissions,
  revoked,
}: {
  keyId: string;
  keyName: string;
  permissions: Permission[];
  revoked: boolean;
}) {
  const can = PERMISSIONS.filter((permission) => holds(permissions, permission));
  const cannot = PERMISSIONS.filter((permission) => !holds(permissions, permission));
  return (
    <section aria-labelledby="permissions-title" className="space-y-3">
      <SectionHeader titleId="permissions-title" title="Permissions" layout="action">
        {revoked ? null : <ChangePermissionsDialog keyId={keyId} keyName={keyName} permissions={permissions} />}
      </SectionHeader>
      <div
        data-testid="key-page-permissions"
        className="space-y-4 rounded-xl border border-slate-200 bg-white px-4 py-4 shadow-xs"
      >
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <PermissionsSummary permissions={permissions} oneLine className="text-sm" />
          {revoked ? "What this key could do before it was revoked." : "Checked on every request the key makes."}
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          <PermissionList
            title={revoked ? "It could" : "This key can"}
            items={can}
            icon={<CheckIcon className="mt-0.5 h-4 w-4 shrink-0 text-emerald-600" aria-hidden="true" />}
            testId="permissions-can"
          />
          {cannot.length > 0 ? (
            <PermissionList
              title={revoked ? "It could not" : "It cannot"}
              items={cannot}
              icon={<XIcon className="mt-0.5 h-4 w-4 shrink-0 text-slate-400" aria-hidden="true" />}
              testId="permissions-cannot"
              muted
            />
          ) : null}
        </div>
      </div>
    </section>
  );
}

function PermissionList({
  title,
  items,
  icon,
  testId,
  muted = false,
}: {
  title: string;
  items: Permission[];
  icon: React.ReactNode;
  testId: string;
  muted?: boolean;
}) {
  const titleId = `${testId}-title`;
  return (
    <div>
      <h3 id={titleId} className="text-xs font-medium tracking-wide text-slate-500 uppercase">
        {title}
      </h3>
      <ul aria-labelledby={titleId} data-testid={testId} className="mt-1.5 space-y-1.5">
        {items.map((permission) => (
          <li key={permission} className={`flex gap-2 text-sm ${muted ? "text-slate-500" : "text-slate-800"}`}>
            {icon}
            <span>{PERMISSION_DESCRIPTIONS[permission]}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
