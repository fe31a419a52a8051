import type { Role } from "@/lib/db/generated/enums";

declare module "next-auth" {
  interface User {
    organizationId: string;
    role: Role;
  }
  interface Session {
    user: { id: string; name: string; email: string; organizationId: string; role: Role };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    userId: string;
    organizationId: string;
    role: Role;
  }
}
