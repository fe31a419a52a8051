import { describe, expect, it } from "vitest";
import { keySlots } from "@/lib/api-keys/views/summary";
import { createOrganization } from "@/tests/factories";
import { setFeatureFlag } from "./flags";

describe("operator feature flags", () => {
  it("turns the extended key limit on and off", async () => {
    const org = await createOrganization();
    expect((await keySlots(org.id)).limit).toBe(5);
    expect(await setFeatureFlag(org.slug, "extended-api-key-limit", true)).toEqual(["extended-api-key-limit"]);
    expect((await keySlots(org.id)).limit).toBe(50);
    expect(await setFeatureFlag(org.slug, "extended-api-key-limit", true)).toEqual(["extended-api-key-limit"]);
    expect(await setFeatureFlag(org.slug, "extended-api-key-limit", false)).toEqual([]);
    expect((await keySlots(org.id)).limit).toBe(5);
  });

  it("names the problem for an unknown organization or flag", async () => {
    const org = await createOrganization();
    await expect(setFeatureFlag("no-such-org", "extended-api-key-limit", true)).rejects.toThrow(
      'No organization with slug "no-such-org".',
    );
    await expect(setFeatureFlag(org.slug, "unlimited-everything", true)).rejects.toThrow(
      'Unknown flag "unlimited-everything". Known flags: extended-api-key-limit.',
    );
  });
});
