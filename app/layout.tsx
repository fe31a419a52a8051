import type { Metadata } from "next";
import { connection } from "next/server";
import type { CSSProperties, ReactNode } from "react";
import { Toaster } from "sonner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Glyphic", template: "%s · Glyphic" },
  description: "Glyphic — API keys for your organization",
};

// sonner's rich colours put text at ~4.3:1 on its tints; these darker shades meet WCAG AA (4.5:1).
const TOAST_COLORS = {
  "--success-text": "#166534",
  "--error-text": "#b91c1c",
  "--warning-text": "#92400e",
  "--info-text": "#1e40af",
} as CSSProperties;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts must carry this response's CSP nonce
  // (proxy.ts), which a prerendered page could not.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {children}
        <Toaster position="bottom-right" richColors closeButton style={TOAST_COLORS} />
      </body>
    </html>
  );
}
