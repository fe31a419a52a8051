import { describe, expect, it } from "vitest";
import { createMember, createOrganization } from "@/tests/factories";
import { membersWithPermission } from "./members";

describe("membersWithPermission (real database)", () => {
  it("names the owners and admins of this organization only", async () => {
    const org = await createOrganization();
    const other = await createOrganization();
    await createMember(org.id, "ADMIN", "Ada Admin");
    await createMember(org.id, "MEMBER", "Mo Member");
    await createMember(org.id, "OWNER", "Olu Owner");
    await createMember(other.id, "ADMIN", "Elsewhere Admin");
    expect(await membersWithPermission(org.id, "api_keys:manage")).toEqual(["Olu Owner", "Ada Admin"]);
  });
});
