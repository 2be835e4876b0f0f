/**
 * The dashboard end to end in headless Chromium (Debian's `chromium`, driven by playwright-core)
 * against a real `place-enrich serve` process with the shipped reference extract: sign in with the
 * keyboard, upload a small CSV (its bad rows shown before anything is sent), watch the batch
 * complete, open a result, filter, download the results as CSV, run the batch again, upload a batch
 * with a webhook URL (a bad one first: the server's 422 at the field) and watch its delivery to a
 * loopback receiver that fails once, sign out; then a phone-sized screen without horizontal scrolling. Screenshots go to test-artifacts/dashboard/
 * (DASHBOARD_README_SCREENSHOT=1 also writes docs/images/dashboard.png).
 *
 * The page is built from the current source first (dashboard/build.ts, ~10 s).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../client/running-server.js";
import { REPO_ROOT, waitFor } from "../support/processes.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(REPO_ROOT, "test-artifacts", "dashboard");
const README_IMAGE = join(REPO_ROOT, "docs", "images", "dashboard.png");

/** Places of the shipped Overture extract (New York), as a user's spreadsheet has them, plus two bad rows. */
const PLACES_CSV = [
  "id,Name,Address,Lat,Lng,Phone,Notes",
  'ny-001,Joe\'s Pizza,"150 E 14th St, New York, NY 10003",40.73332,-73.98762,,corner slice',
  'ny-002,Kebaya,"20 E 17th St, New York, NY 10003",40.73727,-73.99122,(212) 641-0401,',
  'ny-003,Taco Bell,"1503 Lexington Ave, New York, NY 10029",40.78661,-73.95024,,',
  'ny-004,Sandwich Bar,"71-32 Main St, Flushing, NY 11367",40.72697,-73.82219,,',
  'ny-005,Photofest,"32 E 31st St, New York, NY 10016",40.7455,-73.98377,,',
  'ny-006,Chillato,"17-16 154th St, Whitestone, NY 11357",40.7833,-73.80859,,',
  'ny-007,The Growler Bites And Brews,"55 Stone St, New York, NY 10004",40.70443,-74.01044,,',
  'ny-008,Cafe Standard,"25 Cooper Sq, New York, NY 10003",40.7279,-73.9908,,',
  'ny-009,Broken Row,"1 Nowhere St, New York, NY",abc,-73.99,,',
  'ny-010,,"2 Nowhere St, New York, NY",,,,',
].join("\n");
const GOOD_ROWS = 8;
/** The batch with a webhook: two of the places above. */
const HOOKED_CSV = PLACES_CSV.split("\n").slice(0, 3).join("\n");

const skip = !existsSync(CHROMIUM);
if (skip)
  console.warn(`${CHROMIUM} is missing: the dashboard's browser test is skipped (.ci/run installs it)`);

describe.skipIf(skip)("the dashboard in Chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let receiver: WebhookReceiver;
  /** Problems the page reported: console errors, uncaught exceptions, CSP violations, failed requests. */
  const problems: string[] = [];

  beforeAll(async () => {
    execFileSync(process.execPath, [join(REPO_ROOT, "node_modules", ".bin", "tsx"), "dashboard/build.ts"], {
      cwd: REPO_ROOT,
      stdio: "pipe",
    });
    mkdirSync(ARTIFACTS, { recursive: true });
    receiver = await startWebhookReceiver();
    [server, browser] = await Promise.all([
      startServer({
        env: {
          REFERENCE_DEFAULT: join(REPO_ROOT, "resources", "reference", "overture-us-sample.jsonl.gz"),
          // The receiver is on loopback, a private address, on a port of its own (docs/webhooks.md);
          // website fetching stays off, so this opens nothing else. A retry after 0.5–1 s, not 5–10 min;
          // the test holds one answer back while it looks at the page (up to ~15 s).
          WEB_ALLOW_PRIVATE_NETWORK: "true",
          WEB_ALLOWED_PORTS: `80,443,${receiver.port}`,
          WEBHOOK_RETRY_BASE_SECONDS: "1",
          WEBHOOK_TIMEOUT_SECONDS: "60",
        },
      }),
      chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
        ],
      }),
    ]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
  });

  async function newPage(viewport: { width: number; height: number }, mobile = false) {
    const context = await browser.newContext({
      viewport,
      isMobile: mobile,
      hasTouch: mobile,
      acceptDownloads: true,
      deviceScaleFactor: mobile ? 2 : 1,
    });
    const page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) =>
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    return { context, page };
  }

  /** Signs in with the keyboard only: Tab to the organization field, type, Tab, type the key, Enter. */
  async function signInWithKeyboard(page: Page, apiKey: string) {
    await page.goto(server.url);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    for (let i = 0; i < 6 && (await page.evaluate(() => document.activeElement?.id)) !== "org"; i++) {
      await page.keyboard.press("Tab");
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("org");
    await page.keyboard.press("Control+A");
    await page.keyboard.type(server.org);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("api-key");
    await page.keyboard.type(apiKey);
    await page.keyboard.press("Enter");
  }

  async function api(path: string): Promise<any> {
    const response = await fetch(`${server.url}/v1/${server.org}/place_enrichment${path}`, {
      headers: { authorization: `Bearer ${server.apiKey}` },
    });
    return response.json();
  }

  let context: BrowserContext;
  let page: Page;
  let batchUrl = "";
  let hookedUrl = "";

  it("signs in with the keyboard; a wrong key is refused with the reason", async () => {
    ({ context, page } = await newPage({ width: 1280, height: 900 }));
    await signInWithKeyboard(page, "pe_not-a-real-key");
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toContain("401");
    await page.screenshot({ path: join(ARTIFACTS, "01-sign-in-refused.png") });
    problems.length = 0; // the browser logs the 401 itself

    await page.fill("#api-key", "");
    await page.focus("#api-key");
    await page.keyboard.type(server.apiKey);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Batches" }).waitFor();
    // The key is in this tab's sessionStorage, nowhere else.
    expect(await page.evaluate(() => sessionStorage.getItem("place-enrichment.session"))).toContain(
      server.apiKey,
    );
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect((await context.cookies()).length).toBe(0);
    await page.getByText("No batch yet").waitFor();
  });

  it("checks an uploaded CSV, lists its bad rows, and sends the good ones only when asked", async () => {
    await page.getByRole("link", { name: "Upload CSV" }).click();
    await page.getByRole("heading", { name: "Upload a CSV of places" }).waitFor();
    // A first file names the batch; choosing another renames it (the name was not typed).
    await page.setInputFiles("#places-file", {
      name: "first-try.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(HOOKED_CSV),
    });
    await page.getByText("2 rows read").waitFor();
    expect(await page.inputValue("#batch-name")).toBe("first-try");
    await page.setInputFiles("#places-file", {
      name: "ny-stores.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(PLACES_CSV),
    });
    await page.getByText("10 rows read").waitFor();
    expect(await page.inputValue("#batch-name")).toBe("ny-stores");
    const summary = await page.locator(".summary").textContent();
    expect(summary).toContain("10 rows read: 8 good, 2 bad");
    expect(summary).toContain(`column "id"`);
    const badRows = await page.locator(".bad-rows tbody tr").allTextContents();
    expect(
      badRows.some(
        (row) => row.includes("line 10") && row.includes("latitude") && row.includes('"abc" is not a number'),
      ),
    ).toBe(true);
    expect(badRows.some((row) => row.includes("line 11") && row.includes("name"))).toBe(true);
    // The mapping the CLI would use: "Lat" is latitude, "Notes" is left out.
    expect(await page.locator("#map-3 option:checked").textContent()).toBe("latitude");
    expect(await page.locator("#map-6 option:checked").textContent()).toContain("left out");
    // A column's field can be changed, as with the CLI's --map: without "Lat" each row has a
    // longitude alone, which the server refuses; back to automatic, the rows are good again.
    await page.selectOption("#map-3", "leave-out");
    await page.getByText("10 rows read: 0 good, 10 bad").waitFor();
    expect(await page.locator(".bad-rows tbody").textContent()).toContain("latitude");
    await page.selectOption("#map-3", "auto");
    await page.getByText("10 rows read: 8 good, 2 bad").waitFor();
    const create = page.getByRole("button", { name: /Create the batch/ });
    expect(await create.isDisabled()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, "02-upload-checked.png"), fullPage: true });

    await page.getByLabel(/leave the bad ones out/).check();
    expect(await create.textContent()).toContain(`${GOOD_ROWS} places`);
    await page.fill("#batch-name", "NY stores");
    await create.click();
    await page.waitForURL(/#\/batches\//);
    batchUrl = page.url();
  });

  it("shows the batch's progress live until it completes, with its charts and map", async () => {
    await page.getByRole("heading", { name: "NY stores" }).waitFor();
    await page.getByText(/^Finished:/).waitFor({ timeout: 120_000 });
    expect(await page.locator("#batch-title + .badge").textContent()).toBe("completed");
    expect(await page.locator('dd[data-status="completed"]').textContent()).toBe(String(GOOD_ROWS));
    expect(await page.locator('dd[data-status="failed"]').textContent()).toBe("0");
    // Fill rates from the batch's metadata; the confidence of each field over the results.
    await page.locator('ul[aria-label="Fill rate per attribute"] li').first().waitFor();
    const fill = await page.locator('ul[aria-label="Fill rate per attribute"]').textContent();
    expect(fill).toContain("phoneNumbers");
    // The names attribute's fill rate is the echoed input name: labelled so.
    expect(fill).toContain("names (always filled: its name is the input's)");
    await page.locator(".bars.stacked li").first().waitFor();
    expect(await page.locator(".bars.stacked li").count()).toBeGreaterThan(3);
    expect(await page.locator(".map circle").count()).toBe(GOOD_ROWS);
    expect(await page.locator(".results tbody tr").count()).toBe(GOOD_ROWS);
    // No webhook_url, no webhook panel.
    expect(await page.locator("#webhook-title").count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, "03-batch-completed.png"), fullPage: true });
    if (process.env.DASHBOARD_README_SCREENSHOT === "1") {
      await page.screenshot({ path: README_IMAGE, fullPage: false });
    }
  }, 150_000);

  it("opens a result with its values, confidence, reasoning and evidence sources", async () => {
    const phoneCell = page
      .locator(".results tbody tr")
      .filter({ hasText: "ny-002" })
      .locator("td.value")
      .nth(1);
    expect(await phoneCell.locator(".value-text").textContent()).toBe("+12126410401");
    // The confidence is written out beside the value, not only its colour and a hover title.
    const level = await phoneCell.locator(".conf-tag").textContent();
    expect(level).toMatch(/^(VERY HIGH|HIGH|MEDIUM|LOW)$/);
    expect(await phoneCell.getAttribute("title")).toMatch(/^(VERY_HIGH|HIGH|MEDIUM|LOW): .+/);
    // The reasoning is reached with the keyboard: the place's name is a button opening the result.
    const opener = page.getByRole("button", { name: "Kebaya" });
    await opener.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.getByRole("heading", { name: "Kebaya" }).isVisible()).toBe(true);
    const values = await dialog.locator("table.values").textContent();
    expect(values).toContain("+12126410401");
    const phoneRow = dialog
      .locator("table.values tbody tr")
      .filter({ has: page.locator("th", { hasText: /^phone$/ }) });
    expect(await phoneRow.locator(".badge").textContent()).toBe(level);
    expect((await phoneRow.locator("td.reasoning").textContent())?.length).toBeGreaterThan(3);
    // The job's inputs, to compare with the values.
    const inputs = await dialog.locator("table.inputs").textContent();
    expect(inputs).toContain("Inputs");
    expect(inputs).toContain("20 E 17th St, New York, NY 10003");
    const sources = await dialog.locator("table").last().textContent();
    expect(sources).toContain("phoneNumbers");
    expect(sources).toMatch(/inputs|reference/);
    await page.screenshot({ path: join(ARTIFACTS, "04-result-details.png") });
    // A ~240-character unbroken name and value wrap inside the dialog (it was 2,357 px wide).
    const long = "Kebaya".repeat(40);
    await dialog.evaluate((element, text) => {
      element.querySelector("h2")!.textContent = text;
      element.querySelector("table.values td.value")!.textContent = `https://${text}.example/`;
    }, long);
    const box = (await dialog.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(900);
    expect(await dialog.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(
      0,
    );
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    // Focus is back where it was.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Kebaya");
  });

  it("filters the results by status and by confidence", async () => {
    await page.selectOption("#filter-status", "failed");
    await page.getByText(/0 matching among jobs/).waitFor();
    expect(await page.locator(".results tbody tr").count()).toBe(0);
    await page.selectOption("#filter-status", "completed");
    await page.selectOption("#filter-confidence", "NONE");
    await page.getByText(/matching among jobs 1–8 of 8/).waitFor();
    for (const row of await page.locator(".results tbody tr").all()) {
      expect(await row.textContent()).toContain("completed");
    }
    await page.selectOption("#filter-status", "");
    // "A value at HIGH" leaves out the echoed input name by default (it is HIGH in every job); the
    // field can be chosen, the name among them.
    const batchId = decodeURIComponent(batchUrl.split("#/batches/")[1]!);
    const jobs = (await api(`/jobs?batchId=${batchId}&limit=100`)).jobs as any[];
    const highIn = (job: any, keep: (field: string) => boolean) =>
      Object.entries(job.confidence_scores ?? {}).some(
        ([field, level]) => keep(field) && field in (job.outputs ?? {}) && level === "HIGH",
      );
    const anyButName = jobs.filter((job) => highIn(job, (field) => field !== "name")).length;
    const byName = jobs.filter((job) => highIn(job, (field) => field === "name")).length;
    expect(byName).toBe(GOOD_ROWS);
    await page.selectOption("#filter-confidence", "HIGH");
    await page.getByText(`${anyButName} matching among jobs 1–8 of 8`).waitFor();
    expect(await page.locator(".results tbody tr").count()).toBe(anyButName);
    await page.selectOption("#filter-field", "name");
    await page.getByText(`${GOOD_ROWS} matching among jobs 1–8 of 8`).waitFor();
    await page.selectOption("#filter-field", "");
    await page.selectOption("#filter-confidence", "");
    await page.getByText("Jobs 1–8 of 8").waitFor();
  });

  it("downloads the results as a CSV, one row per job", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("NY_stores.csv");
    const path = join(ARTIFACTS, "results.csv");
    await download.saveAs(path);
    const lines = readFileSync(path, "utf8").trim().split("\n");
    const header = lines[0]!.split(",");
    expect(header.slice(0, 3)).toEqual(["place_id", "status", "error"]);
    expect(header).toContain("phone");
    expect(header).toContain("phone_confidence");
    expect(header).toContain("phoneNumbers_status");
    expect(lines.length).toBe(1 + GOOD_ROWS);
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(
      Array.from({ length: GOOD_ROWS }, (_, i) => `ny-00${i + 1}`),
    );
    const kebaya = lines.find((line) => line.startsWith("ny-002,"))!;
    expect(kebaya).toContain("+12126410401");
  });

  it("runs the batch again and follows it to the end", async () => {
    expect(await page.getByRole("button", { name: /Reprocess failed \(0\)/ }).isDisabled()).toBe(true);
    const runAll = page.getByRole("button", { name: "Run all again" });
    // The confirmation says cached results are reused; Escape sends nothing and gives the focus back.
    await runAll.click();
    const confirm = page.getByRole("dialog", { name: "Run every job of this batch again?" });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain("CACHE_TTL_SECONDS");
    await page.keyboard.press("Escape");
    await confirm.waitFor({ state: "hidden" });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Run all again");
    const before = new Date().toISOString();
    await runAll.click();
    await confirm.waitFor();
    await confirm.getByLabel("Look everything up again (bypass the cache)").check();
    await page.screenshot({ path: join(ARTIFACTS, "13-run-all-confirm.png") });
    await confirm.getByRole("button", { name: "Run all again" }).click();
    await page.getByText(`Reprocessing ${GOOD_ROWS} jobs`).waitFor();
    // Every job ran again (the server says so), and the page followed the batch to its new end.
    const batchId = decodeURIComponent(batchUrl.split("#/batches/")[1]!);
    await waitFor(
      async () => {
        const jobs = await api(`/jobs?batchId=${batchId}&limit=100`);
        return jobs.jobs.every((job: any) => job.job_metadata.last_enriched > before) ? true : undefined;
      },
      120_000,
      "the jobs run again",
    );
    // With the box ticked the page sent refresh: true, so no attribute came from the cache.
    const rerun = (await api(`/jobs?batchId=${batchId}&limit=100`)).jobs as any[];
    const cached = rerun.flatMap((job) =>
      Object.entries(job.job_metadata.enrichment_metadata ?? {})
        .filter(([, meta]: [string, any]) => meta?.cached === true)
        .map(([attribute]) => `${job.place_id} ${attribute}`),
    );
    expect(cached).toEqual([]);
    expect(rerun.some((job) => Object.keys(job.job_metadata.enrichment_metadata ?? {}).length > 0)).toBe(
      true,
    );
    await page.waitForFunction(
      (n) =>
        document.querySelector('dd[data-status="completed"]')?.textContent === String(n) &&
        document.querySelector("label[for=batch-progress]")?.textContent?.startsWith("Finished"),
      GOOD_ROWS,
      { timeout: 30_000 },
    );
  }, 150_000);

  it("sends a batch's webhook URL, shows the server's 422 at the field, and its delivery attempts", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Upload CSV" }).click();
    await page.getByRole("heading", { name: "Upload a CSV of places" }).waitFor();
    await page.setInputFiles("#places-file", {
      name: "hooked.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(HOOKED_CSV),
    });
    await page.getByText("2 rows read: 2 good, 0 bad").waitFor();
    await page.fill("#batch-name", "Hooked stores");
    const field = page.getByLabel("Webhook URL (optional)");
    const create = page.getByRole("button", { name: /Create the batch/ });
    // Credentials in the URL: the server refuses it (422 at body.webhook_url), nothing is created.
    const batchesBefore = (await api("/batches?limit=100")).batches.length;
    await field.fill(`http://user:secret@127.0.0.1:${receiver.port}/hooks`);
    await create.click();
    await page.locator("#webhook-url-error").waitFor();
    expect(await page.locator("#webhook-url-error").textContent()).toContain("must not carry credentials");
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    expect(await field.getAttribute("aria-describedby")).toContain("webhook-url-error");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("webhook-url");
    // Shown at the field only, not again in the form's general error.
    expect(await page.locator("form > .error").count()).toBe(0);
    expect(page.url()).toContain("#/new");
    expect((await api("/batches?limit=100")).batches.length).toBe(batchesBefore);
    await page.screenshot({ path: join(ARTIFACTS, "08-webhook-url-refused.png"), fullPage: true });
    // The browser logs the 422 itself; nothing else may have been logged.
    const logged422 = problems.filter((problem) => problem.includes("422"));
    expect(logged422.length).toBe(1);
    problems.splice(problems.indexOf(logged422[0]!), 1);

    // A long path must wrap on a phone (checked below). The receiver fails the first POST and holds
    // its answer to the second until the page has shown the finished batch's pending delivery.
    const hookUrl = `${receiver.url}/${"a-rather-long-path-segment-".repeat(6)}end`;
    receiver.answerWith(500);
    const releaseSecond = receiver.holdAnswer(2);
    await field.fill(hookUrl);
    expect(await page.locator("#webhook-url-error").count()).toBe(0);
    await create.click();
    await page.waitForURL(/#\/batches\//);
    hookedUrl = page.url();
    await page.getByRole("heading", { name: "Hooked stores" }).waitFor();
    const panel = page.getByRole("region", { name: "Webhook" });
    await panel.waitFor();
    await page.getByText(/^Finished:/).waitFor({ timeout: 120_000 });
    // The batch is finished, its first attempt failed, the second is under way: the page polls on.
    await panel.locator('[data-webhook-state="pending"]').waitFor({ timeout: 60_000 });
    await panel.locator("tbody tr").first().waitFor({ timeout: 30_000 });
    expect(await panel.locator("tbody tr").count()).toBe(1);
    expect(await panel.locator("tbody tr td").nth(2).textContent()).toBe("HTTP 500");
    expect(await panel.textContent()).toContain("Being sent, or waiting to be tried again.");
    await waitFor(async () => (receiver.received.length === 2 ? true : undefined), 10_000, "the second POST");
    await page.screenshot({ path: join(ARTIFACTS, "09-webhook-pending.png"), fullPage: true });
    releaseSecond();
    // Polled on after the batch finished until the receiver had it: 500 first, then 200.
    const delivered = Date.now();
    await panel.locator('[data-webhook-state="delivered"]').waitFor({ timeout: 60_000 });
    console.log(`webhook panel: delivered shown ${Date.now() - delivered} ms after the receiver answered`);
    expect(await panel.locator(".webhook-url").textContent()).toBe(hookUrl);
    expect(await panel.locator("a").count()).toBe(0); // the URL is text, never a link
    expect(await panel.locator(".badge").textContent()).toBe("delivered");
    expect(await panel.textContent()).toContain("The receiver answered with a 2xx status.");
    const headers = await panel.getByRole("columnheader").allTextContents();
    expect(headers).toEqual(["Attempt", "Time", "Answer", "Duration"]);
    const rows = panel.getByRole("table", { name: "Delivery attempts of this event" }).locator("tbody tr");
    expect(await rows.count()).toBe(2);
    const cells = async (i: number) => rows.nth(i).locator("td").allTextContents();
    const [first, second] = [await cells(0), await cells(1)];
    expect(first[0]).toBe("1");
    expect(first[2]).toBe("HTTP 500");
    expect(first[3]).toMatch(/^[\d,]+ ms$/);
    expect(second[0]).toBe("2");
    expect(second[2]).toBe("HTTP 200");
    expect(second[3]).toMatch(/^[\d,]+ ms$/);
    const times = await rows
      .locator("time")
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute("datetime")));
    expect(Date.parse(times[1]!)).toBeGreaterThan(Date.parse(times[0]!));
    // The receiver got both POSTs of one event, the event the panel names.
    expect(receiver.received.length).toBe(2);
    const eventId = await panel.locator(".webhook-event").textContent();
    expect(receiver.received.map((r) => r.headers["x-placeenrich-event-id"])).toEqual([eventId, eventId]);
    expect(receiver.received[0]!.path).toBe(new URL(hookUrl).pathname);
    await page.screenshot({ path: join(ARTIFACTS, "10-webhook-delivered.png"), fullPage: true });
  }, 150_000);

  it("refuses a 200,000-row file after reading 50,001 rows, keeping a typed batch name", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Upload CSV" }).click();
    await page.getByRole("heading", { name: "Upload a CSV of places" }).waitFor();
    await page.fill("#batch-name", "My own name");
    // The file is made in the page (6 MB through the driver would take longer than the check) and
    // timed there, from the input's change to the message.
    const ms = await page.evaluate(async () => {
      const lines = ["id,name,lat,lng"];
      for (let i = 0; i < 200_000; i++) lines.push(`p${i},Place ${i},40.7,-73.9`);
      const transfer = new DataTransfer();
      transfer.items.add(new File([lines.join("\n")], "huge.csv", { type: "text/csv" }));
      const input = document.querySelector<HTMLInputElement>("#places-file")!;
      input.files = transfer.files;
      const started = performance.now();
      input.dispatchEvent(new Event("change", { bubbles: true }));
      while (!document.body.textContent?.includes("More than 50,000 rows")) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (performance.now() - started > 30_000) break;
      }
      return Math.round(performance.now() - started);
    });
    console.log(`200,000-row file refused ${ms} ms after it was chosen`);
    await page.getByText(/More than 50,000 rows \(reading stopped at row 50,001\)/).waitFor();
    expect(await page.inputValue("#batch-name")).toBe("My own name");
    expect(await page.getByRole("button", { name: /Create the batch/ }).isDisabled()).toBe(true);
  }, 60_000);

  it("lists and searches the batches, and forgets the key on sign-out", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Batches" }).click();
    await page.getByRole("link", { name: "NY stores" }).waitFor();
    await page.fill("#batch-search", "no such batch");
    await page.keyboard.press("Enter");
    await page.getByText(/No batch named like/).waitFor();
    await page.fill("#batch-search", "ny st");
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: "NY stores" }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "05-batches.png") });
    // Enter on a batch link: once the batch is loaded its heading has the focus.
    await page.getByRole("link", { name: "NY stores" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "NY stores" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "batch-title", null, { timeout: 5000 });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("NY stores");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await context.close();
    expect(problems).toEqual([]);
  });

  it("fits a phone's screen without scrolling sideways", async () => {
    const phone = await newPage({ width: 390, height: 844 }, true);
    await signInWithKeyboard(phone.page, server.apiKey);
    await phone.page.getByRole("heading", { name: "Batches" }).waitFor();
    const overflow = () =>
      phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await phone.page.screenshot({ path: join(ARTIFACTS, "06-phone-batches.png"), fullPage: true });
    await phone.page.goto(batchUrl);
    await phone.page.getByText(/^Finished:/).waitFor();
    await phone.page.locator(".results tbody tr").first().waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await phone.page.screenshot({ path: join(ARTIFACTS, "07-phone-batch.png"), fullPage: true });
    // The result dialog stacks field, value, confidence and reasoning: the value has the width.
    await phone.page.getByRole("button", { name: "Kebaya" }).click();
    const dialog = phone.page.getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(
      0,
    );
    const row = dialog
      .locator("table.values tbody tr")
      .filter({ has: phone.page.locator("th", { hasText: /^phone$/ }) });
    const field = (await row.locator("th").boundingBox())!;
    const value = (await row.locator("td.value").boundingBox())!;
    const table = (await dialog.locator("table.values").boundingBox())!;
    expect(value.y).toBeGreaterThanOrEqual(field.y + field.height - 1);
    expect(value.width).toBeGreaterThan(table.width * 0.8);
    await dialog.screenshot({ path: join(ARTIFACTS, "12-phone-result.png") });
    await phone.page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await phone.page.goto(hookedUrl);
    await phone.page.locator('[data-webhook-state="delivered"]').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await phone.page.getByRole("region", { name: "Webhook" }).screenshot({
      path: join(ARTIFACTS, "11-phone-webhook.png"),
    });
    await phone.page.getByRole("link", { name: "Upload CSV" }).click();
    await phone.page.getByRole("heading", { name: "Upload a CSV of places" }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await phone.context.close();
    expect(problems).toEqual([]);
  }, 60_000);
});
