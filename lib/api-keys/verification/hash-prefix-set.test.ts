import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { generateApiKey } from "@/lib/api-keys/format";
import { createOrganization } from "@/tests/factories";
import { db } from "../../db/client";
import { HashPrefixSet, hashPrefix, MERGE_AT } from "./hash-prefix-set";
import {
  forgetKnownHashes,
  knownHashCount,
  knownHashLoads,
  loadHashPrefixes,
  mayBeKnownKeyHash,
  REFRESH_MS,
  rememberKeyHash,
} from "./known-hashes";

const randomHash = () => randomBytes(32).toString("hex");
/** What the database sends: each hash's first 8 bytes, big-endian, back to back. */
const packed = (hashes: string[]) => Buffer.concat(hashes.map((hash) => Buffer.from(hash.slice(0, 16), "hex")));

describe("HashPrefixSet", () => {
  it("knows exactly the packed prefixes, whatever their order, by their first 64 bits", () => {
    const hashes = Array.from({ length: 5_000 }, randomHash);
    // The extremes of the 64-bit range, which a signed or 53-bit comparison would misplace.
    hashes.push(`${"f".repeat(16)}${"0".repeat(48)}`, `${"0".repeat(16)}${"1".repeat(48)}`, `8${"0".repeat(63)}`);
    const set = new HashPrefixSet(packed(hashes));
    expect(set.size).toBe(hashes.length);
    expect(set.sortedBytes).toBe(8 * hashes.length);
    for (const hash of hashes) expect(set.has(hash)).toBe(true);
    // Same first 64 bits, different rest: a collision, known (it only grants a lookup).
    expect(set.has(`${hashes[0].slice(0, 16)}${"0".repeat(48)}`)).toBe(true);
    for (let i = 0; i < 5_000; i++) expect(set.has(randomHash())).toBe(false);
    expect(set.has("not hex at all, so never a key's hash")).toBe(false);
    expect(new HashPrefixSet().has(hashes[0])).toBe(false);
  });

  it("adds prefixes one by one and in packs, and still finds all of them once merged into the array", () => {
    const loaded = Array.from({ length: 100 }, randomHash);
    const set = new HashPrefixSet(packed(loaded));
    const added = Array.from({ length: MERGE_AT + 10 }, randomHash);
    for (const hash of added.slice(0, 10)) set.add(hash);
    for (const hash of added.slice(0, 10)) expect(set.has(hash)).toBe(true);
    expect(set.sortedBytes).toBe(800); // held apart until MERGE_AT of them
    set.addPacked(packed(added.slice(10)));
    expect(set.sortedBytes).toBe(8 * (100 + MERGE_AT)); // merged once
    set.addPacked(packed(added)); // already known: nothing grows
    set.add(loaded[0]);
    expect(set.size).toBe(100 + MERGE_AT + 10);
    for (const hash of [...loaded, ...added]) expect(set.has(hash)).toBe(true);
    expect(set.has(randomHash())).toBe(false);
  });

  it("reads the prefix as an unsigned 64-bit number", () => {
    expect(hashPrefix(`ffffffffffffffff${"a".repeat(48)}`)).toBe(2n ** 64n - 1n);
    expect(hashPrefix("0123456789ABCDEFxyz")).toBe(0x0123456789abcdefn);
    expect(hashPrefix("0123")).toBeNull();
  });
});

describe("the known key hashes (database)", () => {
  afterEach(() => {
    forgetKnownHashes();
    vi.useRealTimers();
  });

  async function insertKey(organizationId: string, revoked = false) {
    const { hash, prefix } = generateApiKey();
    await db.apiKey.create({
      data: { organizationId, name: "k", prefix, hash, revokedAt: revoked ? new Date() : null },
    });
    return hash;
  }

  it("loads 8 bytes per active key in one row, tops up with keys created since, and remembers keys created here", async () => {
    const org = await createOrganization();
    const active = [await insertKey(org.id), await insertKey(org.id)];
    const revoked = await insertKey(org.id, true);
    const all = await db.apiKey.count({ where: { revokedAt: null } });
    expect((await loadHashPrefixes(null)).byteLength).toBe(8 * all);

    vi.useFakeTimers({ toFake: ["Date"] });
    forgetKnownHashes();
    const loads = knownHashLoads();
    for (const hash of active) expect(await mayBeKnownKeyHash(hash)).toBe(true);
    expect(await mayBeKnownKeyHash(revoked)).toBe(false);
    expect(knownHashLoads() - loads).toBe(1);
    expect(knownHashCount()).toBe(all);

    const later = await insertKey(org.id);
    expect(await mayBeKnownKeyHash(later)).toBe(false); // not before REFRESH_MS
    const here = generateApiKey().hash;
    rememberKeyHash(here);
    expect(await mayBeKnownKeyHash(here)).toBe(true); // at once, without a load
    expect(knownHashLoads() - loads).toBe(1);

    vi.setSystemTime(Date.now() + REFRESH_MS);
    expect(await mayBeKnownKeyHash(later)).toBe(true); // the top-up
    expect(knownHashLoads() - loads).toBe(2);
    expect(await mayBeKnownKeyHash(randomHash())).toBe(false);
  });
});
