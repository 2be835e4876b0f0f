/**
 * The dashboard: sign in with an organization's API key, then its batches, a batch's progress and
 * results, and a CSV upload. Every call goes to this origin's public API with the key.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useRoute } from "./lib/route.js";
import { clearSession, clientFor, loadSession, type Session, saveSession } from "./lib/session.js";
import { BatchList } from "./views/batch-list.js";
import { BatchPage } from "./views/batch-page.js";
import { SignIn } from "./views/sign-in.js";
import { Upload } from "./views/upload.js";

export interface DashboardSettings {
  tileUrl: string | null;
}

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [settings, setSettings] = useState<DashboardSettings>({ tileUrl: null });
  const route = useRoute();
  const client = useMemo(() => (session ? clientFor(session) : null), [session]);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    fetch("/dashboard/config.json")
      .then((response) => (response.ok ? response.json() : null))
      .then((value: DashboardSettings | null) => value && setSettings(value))
      .catch(() => {});
  }, []);
  // A new page moves the focus to its heading, so keyboard and screen reader users start there.
  useEffect(() => {
    main.current?.querySelector<HTMLElement>("h1")?.focus();
  }, [route, session]);

  const signIn = (next: Session) => {
    saveSession(next);
    setSession(next);
  };
  const signOut = () => {
    clearSession();
    setSession(null);
    location.hash = "#/";
  };

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="#/">
          Place enrichment
        </a>
        {session && (
          <nav aria-label="Main">
            <a href="#/" aria-current={route.page === "batches" ? "page" : undefined}>
              Batches
            </a>
            <a href="#/new" aria-current={route.page === "upload" ? "page" : undefined}>
              Upload CSV
            </a>
            <a href="/docs">API docs</a>
            <span class="org" title="Organization">
              {session.org}
            </span>
            <button type="button" class="link" onClick={signOut}>
              Sign out
            </button>
          </nav>
        )}
      </header>
      <main id="main" ref={main}>
        {!session || !client ? (
          <SignIn onSignIn={signIn} />
        ) : route.page === "upload" ? (
          <Upload client={client} />
        ) : route.page === "batch" ? (
          <BatchPage client={client} batchId={route.id} settings={settings} />
        ) : (
          <BatchList client={client} />
        )}
      </main>
    </>
  );
}
