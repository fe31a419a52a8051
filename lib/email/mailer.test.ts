import { describe, expect, it, vi } from "vitest";
import { componentLogger } from "@/lib/log";
import { sendEmail, warnIfMailIsOff } from "./mailer";

// No mail server: messages go to the log (read by lib/env on first use).
delete process.env.SMTP_URL;

describe("without SMTP_URL", () => {
  it("writes the subject and recipients to the log, never the body", async () => {
    const info = vi.spyOn(componentLogger("email"), "info").mockImplementation(() => undefined);
    await sendEmail({ to: ["ada@example.test"], subject: "API key expires", text: "secret body glyk_abc" });
    expect(info).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(info.mock.calls[0]);
    expect(logged).toContain("API key expires");
    expect(logged).toContain("ada@example.test");
    expect(logged).not.toContain("secret body");
    info.mockRestore();
  });

  it("warns at start-up in production that admins will not be notified, and only there", () => {
    const warn = vi.spyOn(componentLogger("email"), "warn").mockImplementation(() => undefined);
    warnIfMailIsOff({ NODE_ENV: "development" });
    warnIfMailIsOff({ NODE_ENV: "production", SMTP_URL: "smtp://mail.example.test" });
    expect(warn).not.toHaveBeenCalled();
    warnIfMailIsOff({ NODE_ENV: "production" });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("admins will not be notified"));
    warn.mockRestore();
  });
});
