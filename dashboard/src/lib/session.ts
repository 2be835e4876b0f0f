/**
 * The signed-in organization and its API key, kept in sessionStorage only: gone when the tab
 * closes, never in localStorage or a cookie, never sent anywhere but this origin's API.
 */
import { PlaceEnrichmentClient } from "../../../src/client/index.js";

export interface Session {
  org: string;
  apiKey: string;
}

const STORAGE_KEY = "place-enrichment.session";

export function loadSession(): Session | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null") as Session | null;
    return value && typeof value.org === "string" && typeof value.apiKey === "string" ? value : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** A client of this origin's API; fewer retries than the default so the page says soon what failed. */
export function clientFor(session: Session): PlaceEnrichmentClient {
  return new PlaceEnrichmentClient({
    baseUrl: location.origin,
    org: session.org,
    apiKey: session.apiKey,
    retry: { maxAttempts: 3, maxRetryAfterMs: 10_000 },
    timeoutMs: 60_000,
  });
}
