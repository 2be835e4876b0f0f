import { describe, expect, it } from "vitest";
import { newWebhookSecret, signWebhook, verifyWebhook } from "./webhook-signature.js";

const BODY = '{"event":"batch.completed","n":"café"}';

describe("webhook signatures", () => {
  it("is v1= HMAC-SHA256 over '<timestamp>.<body>' (vector computed with Python's hmac)", () => {
    expect(signWebhook("whsec_test", 1796025600, BODY)).toBe(
      "v1=34728b24b5b0904551c29254143992c0f7b8589cc048ac775f3f7dd5176c08c5",
    );
  });

  it("verifies within the tolerance only, with the same secret, timestamp and bytes", () => {
    const signature = signWebhook("whsec_test", 1796025600, BODY);
    const check = {
      secret: "whsec_test",
      timestamp: "1796025600",
      signature,
      body: BODY,
      toleranceSeconds: 300,
    };
    expect(verifyWebhook({ ...check, nowSeconds: 1796025600 + 300 })).toBe(true);
    expect(verifyWebhook({ ...check, nowSeconds: 1796025600 + 301 })).toBe(false);
    expect(verifyWebhook({ ...check, nowSeconds: 1796025600 - 301 })).toBe(false);
    expect(verifyWebhook({ ...check, nowSeconds: 1796025600, secret: "whsec_other" })).toBe(false);
    expect(verifyWebhook({ ...check, nowSeconds: 1796025600, timestamp: "1796025601" })).toBe(false);
    expect(verifyWebhook({ ...check, nowSeconds: 1796025600, body: BODY.replace("é", "e") })).toBe(false);
    expect(verifyWebhook({ ...check, nowSeconds: 1796025600, signature: signature.slice(0, -1) })).toBe(
      false,
    );
    expect(verifyWebhook({ ...check, nowSeconds: 1796025600, timestamp: "x" })).toBe(false);
  });

  it("makes secrets of 32 random bytes, never the same twice", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(6), "base64url")).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
