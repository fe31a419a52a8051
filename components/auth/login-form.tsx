"use client";

import { useRouter } from "next/navigation";
import { getCsrfToken, signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";

export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string | null; initialError: string | null }) {
  const router = useRouter();
  // `?error=` from next-auth: only its code is read, and only fixed texts are shown for it.
  const [error, setError] = useState<string | null>(signInErrorMessage(initialError));
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const target = safeCallbackPath(callbackUrl);
    const attempt = async () => {
      await getCsrfToken(); // settles the CSRF cookie first (the retry below says why)
      return signIn("credentials", {
        redirect: false,
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        callbackUrl: target,
      });
    };
    try {
      let result = await attempt();
      // A fresh `next dev` can race two session calls into mismatched CSRF cookies; next-auth
      // then answers without checking the password. One retry with the settled cookie fixes it.
      if (result && !result.error && result.url?.includes("csrf=true")) result = await attempt();
      if (!result || result.error || result.url?.includes("csrf=true")) {
        setError(signInErrorMessage(result?.error ?? "unknown"));
        setPending(false);
        return;
      }
      router.replace(target);
      router.refresh();
    } catch {
      setError("We couldn't reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    // method="post": a submit before the page's script has loaded (slow network, script error)
    // must not put the password in the URL, where history and access logs would keep it.
    <form method="post" onSubmit={submit} className="space-y-5" noValidate>
      <div className="space-y-1.5">
        <label htmlFor="email" className="block text-sm font-medium text-slate-700">
          Email
        </label>
        <Input id="email" name="email" type="email" autoComplete="email" required autoFocus />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
