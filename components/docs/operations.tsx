import { PERMISSION_DESCRIPTIONS, PERMISSION_PRESETS, PERMISSIONS, PRESET_LABELS } from "@/lib/api-keys/permissions";
import { Code, DataTable } from "./doc-blocks";

export interface DocumentedOperation {
  method: string;
  path: string;
  summary: string;
  permission: string | null;
}

/** Every operation with the permission it needs, read from the OpenAPI document. */
export function OperationsTable({ operations }: { operations: DocumentedOperation[] }) {
  return (
    <DataTable
      caption="Operations and the permission each needs"
      columns={["Operation", "Permission", "What it does"]}
      rows={operations.map((operation) => [
        <Code key="op">{`${operation.method} /api/v1${operation.path}`}</Code>,
        operation.permission === null ? "none" : <Code key="perm">{operation.permission}</Code>,
        operation.summary,
      ])}
    />
  );
}

/** The four permissions and the presets of Create New Key. */
export function PermissionsTables() {
  return (
    <>
      <DataTable
        caption="Permissions"
        columns={["Permission", "Allows"]}
        rows={PERMISSIONS.map((permission) => [<Code key="p">{permission}</Code>, PERMISSION_DESCRIPTIONS[permission]])}
      />
      <DataTable
        caption="Presets in Create New Key"
        columns={["Preset", "Permissions"]}
        rows={[
          ...Object.entries(PERMISSION_PRESETS).map(([preset, permissions]) => [
            PRESET_LABELS[preset as keyof typeof PERMISSION_PRESETS],
            permissions.join(", "),
          ]),
          [PRESET_LABELS.custom, "Any combination: Calls None/Read · API keys None/Read/Write · Activity None/Read"],
        ]}
      />
    </>
  );
}
