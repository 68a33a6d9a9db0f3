import type { BrowserContext } from 'playwright-core';
import { EXAMPLE_QUERIES } from '../../src/server/ide';
import { launchChromium, sameOriginOnly } from '../support/browser';
import { tempDir } from '../support/fixtures';
import { sampleStore, startApi, type Api } from './support';

// The IDE in a real browser (Debian's chromium, driven by playwright-core): it loads with no network, runs a query
// against this server and shows the result. Every request the page makes is recorded; any to a host other than
// this server's is blocked and fails the test.

let api: Api;
let sample: Awaited<ReturnType<typeof sampleStore>>;
let browser: BrowserContext;
const profile = tempDir();
let requests: string[] = [];
let blocked: string[] = [];

beforeAll(async () => {
  sample = await sampleStore();
  api = await startApi(sample.dir, sample.store);
  browser = await launchChromium(profile.dir);
  ({ requests, blocked } = await sameOriginOnly(browser, new URL(api.url).origin));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await sample?.cleanup();
  profile.cleanup();
});

/** Poll on a timer: requestAnimationFrame, the default, may not fire in a headless page that is not in front. */
const POLL = { polling: 100, timeout: 60_000 };

/** The response pane's text with all white space removed (the editor wraps long lines). */
async function responseText(page: import('playwright-core').Page): Promise<string> {
  return ((await page.textContent('.graphiql-response')) ?? '').replace(/\s+/g, '');
}

test('GraphiQL loads offline, runs the example search and a stats query, and shows their results', async () => {
  const expected = await api.gql(
    `{ search(query: "mixing training data for language models", first: 5) { paper { id } } }`,
  );
  const topId: string = expected.body.data.search[0].paper.id;

  const page = browser.pages()[0] ?? (await browser.newPage());
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(api.url);
  await page.waitForSelector('.graphiql-container');
  // The first tab holds the example search; run it.
  await page.click('.graphiql-execute-button');
  await page.waitForFunction(
    (id) => document.querySelector('.graphiql-response')?.textContent?.replace(/\s+/g, '').includes(`"id":"${id}"`),
    topId,
    POLL,
  );
  expect(await responseText(page)).toContain('"signals":[{"name":"embedding"');

  // The last tab holds the stats query.
  const tabs = page.locator('.graphiql-tab-button');
  expect(await tabs.count()).toBe(EXAMPLE_QUERIES.length);
  await tabs.nth(EXAMPLE_QUERIES.length - 1).click();
  await page.waitForFunction(
    // The editor renders spaces as no-break spaces.
    () => /query\s+Stats/.test(document.querySelector('.graphiql-query-editor')?.textContent ?? ''),
    undefined,
    POLL,
  );
  // GraphiQL picks up the new tab's operation a moment after showing it (a click before that does nothing on a
  // loaded machine): click until it sends the query.
  for (let attempt = 1; ; attempt++) {
    const statsPosted = page.waitForResponse(
      (res) => res.url().endsWith('/graphql') && /query\s+Stats/.test(res.request().postData() ?? ''),
      { timeout: 10_000 },
    );
    await page.click('.graphiql-execute-button');
    const posted = await statsPosted.catch((err: Error) => {
      if (attempt === 5) throw err;
      return null;
    });
    if (posted) {
      expect(posted.status()).toBe(200);
      break;
    }
  }
  await page.waitForFunction(
    () => document.querySelector('.graphiql-response')?.textContent?.replace(/\s+/g, '').includes('"papers":80'),
    undefined,
    POLL,
  );
  expect(await responseText(page)).toContain('"embeddingModel":"use-lite"');

  expect(errors).toEqual([]);
  expect(blocked).toEqual([]);
  expect(requests.filter((u) => u.endsWith('/graphql')).length).toBeGreaterThanOrEqual(2);
}, 180_000);
