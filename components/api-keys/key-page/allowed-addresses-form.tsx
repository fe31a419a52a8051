"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useValueSetBeforeHydration } from "@/components/ui/use-value-set-before-hydration";
import { setAllowedAddressesAction } from "@/lib/actions/set-allowed-addresses";
import { FormError } from "../forms/key-dialog-parts";
import { useKeyAction } from "../forms/use-key-action";

const FIELD = "allowed-addresses";

/**
 * The key's Allowed addresses, one per line. The rules and messages are the server's
 * (lib/http/cidr.ts): a bad line is named there and nothing is saved. An empty list allows every
 * address. The change applies from the key's very next request.
 */
export function AllowedAddressesForm({ keyId, saved }: { keyId: string; saved: string[] }) {
  const router = useRouter();
  const [value, setValue] = useState(saved.join("\n"));
  const field = useRef<HTMLTextAreaElement>(null);
  const save = useKeyAction(setAllowedAddressesAction, {
    fields: ["allowedAddresses"],
    onSuccess: (result) => {
      setValue(result.allowedAddresses.join("\n"));
      toast.success(
        result.allowedAddresses.length === 0
          ? `“${result.name}” may be used from any address.`
          : `Allowed addresses of “${result.name}” saved. They apply from its next request.`,
      );
      router.refresh();
    },
  });
  const error = save.fieldErrors.allowedAddresses?.[0];
  useEffect(() => {
    if (error) field.current?.focus();
  }, [error]);
  // Lines typed before the page hydrated: Save sends what the admin sees.
  useValueSetBeforeHydration(field, saved.join("\n"), setValue);

  return (
    <section aria-labelledby="network-access-title" className="space-y-3">
      <h2 id="network-access-title" className="text-base font-semibold text-slate-900">
        Network access
      </h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save.run({ keyId, allowedAddresses: value });
        }}
        className="space-y-3 rounded-xl border border-slate-200 bg-white px-4 py-4 shadow-xs"
      >
        <div className="space-y-1.5">
          <label htmlFor={FIELD} className="block text-sm font-medium text-slate-700">
            Allowed addresses
          </label>
          <p id={`${FIELD}-hint`} className="text-xs leading-relaxed text-slate-500">
            One IPv4 or IPv6 address or CIDR range per line (e.g. 203.0.113.9, 198.51.100.0/24, 2001:db8::/32), up to
            50. Requests from any other address get 403. Leave it empty to allow every address.
          </p>
          <textarea
            ref={field}
            id={FIELD}
            name="allowedAddresses"
            rows={4}
            value={value}
            onChange={(event) => {
              setValue(event.target.value);
              if (error) save.reset();
            }}
            spellCheck={false}
            autoComplete="off"
            placeholder={"203.0.113.9\n198.51.100.0/24"}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${FIELD}-error ${FIELD}-hint` : `${FIELD}-hint`}
            className="block w-full max-w-xl rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-xs placeholder:text-slate-400 focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none aria-[invalid=true]:border-red-500"
          />
          {error ? (
            <p id={`${FIELD}-error`} className="text-sm text-red-700">
              {error}
            </p>
          ) : null}
        </div>
        <FormError error={save.error} />
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={save.pending}>
            {save.pending ? "Saving…" : "Save"}
          </Button>
          <p className="text-xs text-slate-500" data-testid="allowed-addresses-state">
            {saved.length === 0
              ? "Now: any address may use this key."
              : `Now: only ${saved.length === 1 ? "1 address or range" : `${saved.length} addresses or ranges`}.`}
          </p>
        </div>
      </form>
    </section>
  );
}
