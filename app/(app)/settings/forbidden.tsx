import { NoPermission } from "@/components/api-keys/notices/no-permission";
import { currentViewer } from "@/lib/auth/session";
import { membersWithPermission } from "@/lib/organizations/members";

// Rendered with status 403 when a settings page calls forbidden(): who can help, by name.
export default async function SettingsForbidden() {
  const viewer = await currentViewer();
  const admins = viewer ? await membersWithPermission(viewer.organization.id, "api_keys:manage") : [];
  return <NoPermission organizationName={viewer?.organization.name ?? "your organization"} admins={admins} />;
}
