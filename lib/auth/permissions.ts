import type { Role } from "../db/generated/enums";

export type Permission = "api_keys:manage";

const GRANTS: Record<Role, readonly Permission[]> = {
  OWNER: ["api_keys:manage"],
  ADMIN: ["api_keys:manage"],
  MEMBER: [],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
