import type { Metadata } from "next";

export const metadata: Metadata = { title: "API keys" };

export default function ApiSettingsPage() {
  return <h1 className="text-xl font-semibold">API keys</h1>;
}
