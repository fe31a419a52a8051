import Link from "next/link";
import { Callout } from "@/components/ui/callout";
import { STILL_TRIED_SHOWN, type StillTriedKey } from "@/lib/api-keys/views/still-tried";
import { formatCount } from "@/lib/format/request-counts";
import { apiKeyPath } from "@/lib/routes";

/**
 * Settings → API: revoked or expired keys that requests still came in for in the last 24 hours,
 * each linking to its page (which says from where): how an admin finds a forgotten integration.
 */
export function StillTriedNotice({ keys }: { keys: StillTriedKey[] }) {
  if (keys.length === 0) return null;
  const listed = keys.slice(0, STILL_TRIED_SHOWN);
  const more = keys.length > STILL_TRIED_SHOWN;
  return (
    <section aria-label="Keys still being tried" data-testid="still-tried-notice">
      <Callout tone="warning">
        <p className="font-medium">
          {keys.length === 1 ? "A key that no longer works is" : "Keys that no longer work are"} still being tried
        </p>
        <ul className="space-y-0.5">
          {listed.map((key) => (
            <li key={key.id}>
              <Link href={apiKeyPath(key.id)} className="font-medium underline underline-offset-4">
                “{key.name}”
              </Link>{" "}
              is still being tried: {key.attempts === 1 ? "once" : `${formatCount(key.attempts)} times`} in the last 24
              hours.
            </li>
          ))}
        </ul>
        <p>
          {more ? "And more. " : ""}Each key&apos;s page shows where the requests come from, so you can update or switch
          off what still uses it.
        </p>
      </Callout>
    </section>
  );
}
