import { describe, expect, it } from "vitest";
import {
  describePermissions,
  holds,
  levelsOf,
  normalizePermissions,
  notHeld,
  PERMISSION_PRESETS,
  permissionsOf,
  presetOf,
  storedPermissions,
} from "./permissions";

describe("permissions", () => {
  it("keys:write implies keys:read, and sets are kept in one order", () => {
    expect(normalizePermissions(["keys:write", "calls:read"])).toEqual(["calls:read", "keys:read", "keys:write"]);
    expect(holds(["keys:write"], "keys:read")).toBe(true);
    expect(holds(["keys:read"], "keys:write")).toBe(false);
    expect(storedPermissions(["calls:read", "webhooks:write"])).toEqual(["calls:read"]);
  });

  it("names presets, and describes any other set as Custom", () => {
    expect(presetOf(["calls:read"])).toBe("read_calls");
    expect(presetOf([...PERMISSION_PRESETS.read_only].reverse())).toBe("read_only");
    expect(presetOf(["calls:read", "keys:write", "activity:read"])).toBe("full_access");
    expect(describePermissions(["calls:read", "activity:read"])).toBe("Custom: Read calls, Read activity");
    expect(describePermissions([])).toBe("Custom: nothing");
    expect(describePermissions(["keys:write"])).toBe("Custom: Write keys");
  });

  it("round-trips through the Custom matrix", () => {
    for (const preset of Object.values(PERMISSION_PRESETS)) expect(permissionsOf(levelsOf(preset))).toEqual(preset);
    expect(levelsOf(["keys:write"])).toEqual({ calls: "none", keys: "write", activity: "none" });
  });

  it("lists what a key would grant beyond what it holds", () => {
    expect(notHeld(["calls:read", "keys:write", "keys:read"], ["activity:read", "calls:read"])).toEqual([
      "activity:read",
    ]);
    expect(notHeld(PERMISSION_PRESETS.full_access, PERMISSION_PRESETS.full_access)).toEqual([]);
    expect(notHeld(["keys:write"], ["keys:write"])).toEqual([]);
  });
});
