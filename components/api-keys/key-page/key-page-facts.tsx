"use client";

import type { ReactNode } from "react";
import { Timestamp } from "@/components/ui/timestamp";
import { UnknownPerson } from "@/components/ui/unknown-person";
import type { KeyPageData } from "@/lib/api-keys/views/key-page";
import { formatTimeUntil } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/request-counts";

const LEFT = "This person has left the workspace or their account was deleted.";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0 space-y-0.5">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-900">{children}</dd>
    </div>
  );
}

function Person({ name }: { name: string | null }) {
  return name ? <span className="font-medium">{name}</span> : <UnknownPerson reason={LEFT} />;
}

/** Created, expiry, Last Used and, for a revoked key, who revoked it and when. */
export function KeyPageFacts({ data, now }: { data: KeyPageData; now: Date }) {
  const { key } = data;
  const expiresAt = key.expiresAt ? new Date(key.expiresAt) : null;
  return (
    <dl
      data-testid="key-facts"
      className="grid grid-cols-2 gap-x-6 gap-y-4 rounded-xl border border-slate-200 bg-white px-4 py-4 shadow-xs sm:grid-cols-4"
    >
      <Fact label="Created">
        <Timestamp iso={key.createdAt} now={now} /> by <Person name={key.createdByName} />
      </Fact>
      <Fact label={expiresAt && expiresAt <= now ? "Expired" : "Expires"}>
        {expiresAt === null ? (
          "Never"
        ) : expiresAt <= now ? (
          <Timestamp iso={expiresAt.toISOString()} now={now} />
        ) : (
          <>
            <Timestamp iso={expiresAt.toISOString()} now={now} />{" "}
            <span className="text-slate-500">({formatTimeUntil(expiresAt, now)})</span>
          </>
        )}
      </Fact>
      <Fact label="Last Used">
        {key.lastUsedAt ? (
          <Timestamp iso={key.lastUsedAt} now={now} relative />
        ) : (
          <span className="text-slate-500">Never</span>
        )}
      </Fact>
      {key.revokedAt ? (
        <Fact label="Revoked">
          <Timestamp iso={key.revokedAt} now={now} /> by <Person name={key.revokedByName} />
        </Fact>
      ) : (
        <Fact label="Allowed from">
          {key.allowedAddresses.length === 0
            ? "Any address"
            : `${formatCount(key.allowedAddresses.length)} address${key.allowedAddresses.length === 1 ? "" : "es or ranges"}`}
        </Fact>
      )}
    </dl>
  );
}

/** "Still being tried: 40 times in the last 24 hours from 192.0.2.50 (Zapier)". */
export function StillTriedLine({ data }: { data: KeyPageData }) {
  const tried = data.stillTried;
  if (!tried) return null;
  const times = tried.attempts === 1 ? "once" : `${formatCount(tried.attempts)} times`;
  const agent = tried.userAgent ? ` (${tried.userAgent})` : "";
  const others =
    tried.otherSources > 0 ? `, and from ${tried.otherSources} other source${tried.otherSources === 1 ? "" : "s"}` : "";
  const stopped = data.key.status === "revoked" ? "revoked" : "expired";
  return (
    <div
      data-testid="still-tried"
      className="rounded-lg border border-amber-200 bg-amber-50 px-3.5 py-3 text-sm leading-relaxed text-amber-950"
    >
      <p className="font-medium">
        Still being tried: {times} in the last 24 hours from {tried.clientAddress}
        {agent}
        {others}.
      </p>
      <p>
        This key is {stopped}, so every one of these requests was refused. Find the system behind that address and give
        it a working key, or switch it off.
      </p>
    </div>
  );
}
