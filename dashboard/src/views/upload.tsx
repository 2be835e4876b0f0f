/**
 * Upload a places CSV: every row is read and checked in the browser (the CLI's mapping and checks,
 * lib/places-csv.ts), the columns' fields can be changed (like `--map`), bad rows are listed, and
 * only then is the batch created.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { PLACE_INPUT_FIELDS } from "../../../src/cli/place-files/column-mapping.js";
import type { PlaceEnrichmentClient } from "../../../src/client/index.js";
import { errorText, fieldErrors, onlyFieldErrors } from "../lib/errors.js";
import { checkPlacesCsv, decodePlacesFile, type PlacesCheck } from "../lib/places-csv.js";
import { batchHref } from "../lib/route.js";

const FIELD_CHOICES = ["place_id", ...PLACE_INPUT_FIELDS];
type Encoding = "utf-8" | "windows-1252";

export function Upload({ client }: { client: PlaceEnrichmentClient }) {
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<Encoding>("utf-8");
  const [name, setName] = useState("");
  /** The user typed a batch name: a newly chosen file then keeps it (else the name is the file's). */
  const [nameTyped, setNameTyped] = useState(false);
  const [attributeSet, setAttributeSet] = useState<"core" | "all">("core");
  const [overrides, setOverrides] = useState<Map<string, string>>(new Map());
  const [check, setCheck] = useState<PlacesCheck | null>(null);
  const [skipBad, setSkipBad] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [webhookUrl, setWebhookUrl] = useState("");
  /** The server's 422 messages for `webhook_url`, shown at the field. */
  const [webhookError, setWebhookError] = useState<string | null>(null);
  const webhookInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!file) return;
    let current = true;
    setError(null);
    file
      .arrayBuffer()
      .then((bytes) => {
        if (!current) return;
        setCheck(checkPlacesCsv(decodePlacesFile(bytes, encoding), overrides));
      })
      .catch((caught) => {
        if (!current) return;
        setCheck(null);
        setError(errorText(caught));
      });
    return () => {
      current = false;
    };
  }, [file, encoding, overrides]);

  const chooseFile = (chosen: File | null) => {
    setFile(chosen);
    setCheck(null);
    setOverrides(new Map());
    if (!nameTyped || !name.trim()) {
      setName(chosen ? chosen.name.replace(/\.(csv|tsv|txt)$/i, "") : "");
      setNameTyped(false);
    }
  };

  const mapColumn = (column: string, field: string) => {
    const next = new Map(overrides);
    if (field === "auto") next.delete(column);
    else next.set(column, field === "leave-out" ? "" : field);
    setOverrides(next);
  };

  const send = async (event: Event) => {
    event.preventDefault();
    if (!check) return;
    setSending(true);
    setError(null);
    setWebhookError(null);
    const webhook = webhookUrl.trim();
    try {
      const batch = await client.createBatch({
        batch_name: name.trim() || "Uploaded places",
        jobs: check.jobs,
        attribute_set: attributeSet,
        ...(webhook ? { webhook_url: webhook } : {}),
      });
      location.hash = batchHref(batch.id);
    } catch (caught) {
      // The server checks the URL (docs/webhooks.md): its 422 is shown at the field, which gets the focus.
      const atField = fieldErrors(caught, "webhook_url");
      if (atField.length > 0) {
        setWebhookError(atField.join(" "));
        webhookInput.current?.focus();
      }
      if (!onlyFieldErrors(caught, "webhook_url")) setError(errorText(caught, { except: "webhook_url" }));
    } finally {
      setSending(false);
    }
  };

  const sendable = check !== null && check.jobs.length > 0 && (check.badRows === 0 || skipBad);

  return (
    <section aria-labelledby="upload-title">
      <h1 id="upload-title" tabIndex={-1}>
        Upload a CSV of places
      </h1>
      <p class="muted">
        A header line, then one place a line: <code>name</code> and a locator (<code>latitude</code> +{" "}
        <code>longitude</code>, <code>full_address</code> or address parts), optionally <code>place_id</code>,{" "}
        <code>phone</code>, <code>website</code>, <code>category</code>… Every row is checked here before
        anything is sent.
      </p>
      {/* noValidate: the server checks the webhook URL, and its message is shown at the field. */}
      <form class="card" onSubmit={send} noValidate>
        <div class="fields">
          <div>
            <label for="places-file">CSV file</label>
            <input
              id="places-file"
              type="file"
              accept=".csv,.tsv,.txt,text/csv"
              onChange={(e) => chooseFile(e.currentTarget.files?.[0] ?? null)}
            />
          </div>
          <div>
            <label for="encoding">Encoding</label>
            <select
              id="encoding"
              value={encoding}
              onChange={(e) => setEncoding(e.currentTarget.value as Encoding)}
            >
              <option value="utf-8">UTF-8</option>
              <option value="windows-1252">Windows-1252 / Latin-1 (older Excel)</option>
            </select>
          </div>
          <div>
            <label for="batch-name">Batch name</label>
            <input
              id="batch-name"
              value={name}
              onInput={(e) => {
                setName(e.currentTarget.value);
                setNameTyped(true);
              }}
              maxLength={256}
            />
          </div>
          <div>
            <label for="attribute-set">Attributes</label>
            <select
              id="attribute-set"
              value={attributeSet}
              onChange={(e) => setAttributeSet(e.currentTarget.value as "core" | "all")}
            >
              <option value="core">
                core (websites, phones, hours, names, address, categories, open/closed)
              </option>
              <option value="all">all</option>
            </select>
          </div>
          <div class="wide-field">
            <label for="webhook-url">Webhook URL (optional)</label>
            <input
              id="webhook-url"
              ref={webhookInput}
              type="url"
              inputMode="url"
              autoComplete="off"
              spellcheck={false}
              placeholder="https://hooks.example.com/place-enrich"
              value={webhookUrl}
              onInput={(e) => {
                setWebhookUrl(e.currentTarget.value);
                setWebhookError(null);
              }}
              maxLength={2048}
              aria-invalid={webhookError ? true : undefined}
              aria-describedby={webhookError ? "webhook-url-error webhook-url-hint" : "webhook-url-hint"}
            />
            {webhookError && (
              <p id="webhook-url-error" class="error field-error">
                {webhookError}
              </p>
            )}
            <p id="webhook-url-hint" class="hint">
              When the batch finishes, a signed summary is POSTed here (retried until a 2xx answer); its
              delivery attempts show on the batch's page.
            </p>
          </div>
        </div>

        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}

        {check && (
          <div class="check" aria-live="polite">
            <p class="summary">
              <strong>{check.rows.toLocaleString("en-US")}</strong> rows read:{" "}
              <strong>{check.jobs.length.toLocaleString("en-US")}</strong> good,{" "}
              <strong class={check.badRows ? "bad" : undefined}>
                {check.badRows.toLocaleString("en-US")}
              </strong>{" "}
              bad. Place ids from {check.placeIds}.
            </p>
            <details open>
              <summary>Columns ({check.columns.length})</summary>
              <div class="table-wrap">
                <table class="compact">
                  <caption class="sr-only">What each column is sent as</caption>
                  <thead>
                    <tr>
                      <th scope="col">Column</th>
                      <th scope="col">Sent as</th>
                    </tr>
                  </thead>
                  <tbody>
                    {check.columns.map((column, i) => {
                      const given = overrides.get(column);
                      const value = given === undefined ? "auto" : given === "" ? "leave-out" : given;
                      const auto = check.fields[column];
                      return (
                        <tr key={column}>
                          <td>
                            <label for={`map-${i}`}>{column}</label>
                          </td>
                          <td>
                            <select
                              id={`map-${i}`}
                              value={value}
                              onChange={(e) => mapColumn(column, e.currentTarget.value)}
                            >
                              <option value="auto">
                                {given === undefined ? (auto ?? "left out (unknown column)") : "automatic"}
                              </option>
                              {FIELD_CHOICES.map((field) => (
                                <option key={field} value={field}>
                                  {field}
                                </option>
                              ))}
                              <option value="leave-out">leave out</option>
                            </select>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </details>
            {check.badRows > 0 && (
              <div class="bad-rows">
                <h2>Bad rows</h2>
                <div class="table-wrap">
                  <table class="compact">
                    <caption class="sr-only">Rows that the API would refuse</caption>
                    <thead>
                      <tr>
                        <th scope="col">Where</th>
                        <th scope="col">Field</th>
                        <th scope="col">Problem</th>
                      </tr>
                    </thead>
                    <tbody>
                      {check.listed.flatMap((bad) =>
                        bad.issues.map((issue, i) => (
                          <tr key={`${bad.row}-${i}`}>
                            <td>
                              {bad.where} (row {bad.row})
                            </td>
                            <td>{issue.field}</td>
                            <td>{issue.message}</td>
                          </tr>
                        )),
                      )}
                    </tbody>
                  </table>
                </div>
                {check.badRows > check.listed.length && (
                  <p class="muted">
                    …and {(check.badRows - check.listed.length).toLocaleString("en-US")} more bad rows.
                  </p>
                )}
                <label class="inline">
                  <input
                    type="checkbox"
                    checked={skipBad}
                    onChange={(e) => setSkipBad(e.currentTarget.checked)}
                  />{" "}
                  Send the {check.jobs.length.toLocaleString("en-US")} good rows, leave the bad ones out
                </label>
              </div>
            )}
          </div>
        )}
        <button type="submit" disabled={!sendable || sending}>
          {sending
            ? "Sending…"
            : check
              ? `Create the batch (${check.jobs.length.toLocaleString("en-US")} places)`
              : "Create the batch"}
        </button>
      </form>
    </section>
  );
}
