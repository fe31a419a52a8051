"use client";

import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  async function signOutHere() {
    // No server-built redirect URL: it would follow NEXTAUTH_URL, which may name another host.
    await signOut({ redirect: false });
    window.location.assign("/login");
  }
  return (
    <Button variant="ghost" onClick={signOutHere}>
      Sign out
    </Button>
  );
}
