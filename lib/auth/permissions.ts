import type { Role } from "../db/generated/enums";

/** What a member may do: admins manage keys; owners also set the organization's key policies. */
export type Permission = "api_keys:manage" | "policies:manage";

const GRANTS: Record<Role, readonly Permission[]> = {
  OWNER: ["api_keys:manage", "policies:manage"],
  ADMIN: ["api_keys:manage"],
  MEMBER: [],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
