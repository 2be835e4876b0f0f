/** Sign in: the organization's slug and an API key of it, checked with one call before it is kept. */
import { useState } from "preact/hooks";
import { errorText } from "../lib/errors.js";
import type { Session } from "../lib/session.js";
import { clientFor } from "../lib/session.js";

const ORG_SLUG = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,48}[a-zA-Z0-9])?$/;

export function SignIn({ onSignIn }: { onSignIn: (session: Session) => void }) {
  const [org, setOrg] = useState("demo");
  const [apiKey, setApiKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    const session = { org: org.trim(), apiKey: apiKey.trim() };
    if (!ORG_SLUG.test(session.org)) {
      setError("The organization is 2–50 letters, digits or dashes (e.g. demo).");
      return;
    }
    if (!session.apiKey) {
      setError("Paste an API key of the organization.");
      return;
    }
    setBusy(true);
    try {
      await clientFor(session).getBatchesPage(0, 1);
      onSignIn(session);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" tabIndex={-1}>
        Sign in
      </h1>
      <p class="muted">
        With an API key of your organization. The key stays in this browser tab (session storage) and is
        forgotten when you sign out or close the tab.
      </p>
      <form onSubmit={submit} noValidate>
        <label for="org">Organization</label>
        <input
          id="org"
          name="org"
          autoComplete="organization"
          value={org}
          onInput={(e) => setOrg(e.currentTarget.value)}
          required
        />
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          placeholder="pe_…"
          value={apiKey}
          onInput={(e) => setApiKey(e.currentTarget.value)}
          aria-describedby="key-hint"
          required
        />
        <p id="key-hint" class="hint">
          The first start of the service prints the key of <code>demo</code>; another one:{" "}
          <code>npx place-enrich keys create &lt;org&gt;</code>.
        </p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Checking…" : "Sign in"}
        </button>
      </form>
    </section>
  );
}
