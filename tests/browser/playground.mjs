// Uses the GraphiQL playground the way a person would: log in with the bar,
// run `Me`, run `Deactivate`, then see the old token refused.
//
// The browser may only talk to the server under test: every other request is
// blocked and reported. Prints one JSON summary line; exits non-zero on failure.
//
// Environment: PLAYGROUND_URL (the server's origin), CUSTOMER_EMAIL,
// CUSTOMER_PASSWORD, CUSTOMER_ID, SCREENSHOT (where to keep the PNG) and
// optionally CHROMIUM (default /usr/bin/chromium).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { chromium } from "playwright-core";

const origin = new URL(process.env.PLAYGROUND_URL).origin;
const customer = {
  id: process.env.CUSTOMER_ID,
  email: process.env.CUSTOMER_EMAIL,
  password: process.env.CUSTOMER_PASSWORD,
};
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

async function editorValues(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll(".CodeMirror")].map((e) => e.CodeMirror.getValue()),
  );
}

async function responseOf(page) {
  return page.evaluate(() =>
    document.querySelector(".graphiql-response .CodeMirror").CodeMirror.getValue(),
  );
}

async function runOperation(page, name) {
  // Put the cursor inside the named operation and press Ctrl-Enter, as a
  // person would; GraphiQL runs the operation under the cursor.
  await page.evaluate((operation) => {
    const editor = document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror;
    const line = editor.getValue().split("\n").findIndex((text) => text.includes(` ${operation}`) && text.endsWith("{"));
    editor.focus();
    editor.setCursor({ line: line + 1, ch: 2 });
  }, name);
  const before = await responseOf(page);
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction(
    (previous) => {
      const value = document.querySelector(".graphiql-response .CodeMirror").CodeMirror.getValue();
      return value !== previous && value.trim().startsWith("{");
    },
    before,
  );
  return JSON.parse(await responseOf(page));
}

async function logIn(page) {
  await page.fill("input[name=email]", customer.email);
  await page.fill("input[name=password]", customer.password);
  await page.click("button[type=submit]");
  await page.getByText(`Logged in as customer ${customer.id}.`).waitFor();
  const editors = await editorValues(page);
  assert.ok(
    editors.some((value) => value.includes('"Authorization": "Bearer ')),
    "the header editor holds the Authorization header after logging in",
  );
}

async function useThePlayground(page) {
  const response = await page.goto(`${origin}/graphql`);
  assert.equal(
    response.headers()["content-security-policy"],
    "default-src 'self'; frame-ancestors 'none'",
  );
  await page.locator(".graphiql-query-editor .CodeMirror").waitFor();
  await logIn(page);

  const me = await runOperation(page, "Me");
  assert.deepEqual(me.errors, undefined);
  assert.equal(me.data.me.email, customer.email);
  assert.equal(me.data.me.isActive, true);

  const deactivated = await runOperation(page, "Deactivate");
  assert.deepEqual(deactivated.errors, undefined);
  assert.equal(deactivated.data.deactivateCustomer.customer.id, customer.id);
  assert.equal(deactivated.data.deactivateCustomer.customer.isActive, false);
  await page.screenshot({ path: process.env.SCREENSHOT });

  const refused = await runOperation(page, "Me");
  assert.equal(refused.errors[0].message, "Given token not valid for any token type");
  return { me: me.data.me, deactivated: deactivated.data.deactivateCustomer.customer };
}

async function main() {
  const profile = mkdtempSync(join(tmpdir(), "playground-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  const requested = [];
  const blocked = [];
  const problems = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    requested.push(url);
    if (new URL(url).origin === origin) {
      return route.continue();
    }
    blocked.push(url);
    return route.abort("blockedbyclient");
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) {
        problems.push(`CSP: ${message.text()}`);
      }
    });
    const result = await useThePlayground(page);
    assert.deepEqual(blocked, [], "the page asked for nothing beyond the server");
    assert.deepEqual(problems, [], "no script errors and no CSP violations");
    console.log(JSON.stringify({ ok: true, requests: requested.length, ...result }));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
