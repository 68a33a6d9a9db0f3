import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** `command -v chromium`: the first executable `chromium` on the PATH. */
export function chromiumPath(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, 'chromium');
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  throw new Error(
    'chromium is not on the PATH: this test needs a headless Chromium (Debian: `apt-get install -y chromium`). ' +
      'It does not skip.',
  );
}

/**
 * Debian's chromium, headless, with a throwaway profile in `profileDir`. WebGL (the explorer's concept map) runs on
 * SwiftShader, Chromium's CPU renderer, since the machine has no GPU.
 */
export function launchChromium(profileDir: string, options: { viewport?: { width: number; height: number } } = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: options.viewport,
    acceptDownloads: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Records every request of `browser` and blocks (and lists in `blocked`) any to another origin than `origin`.
 * `blob:` and `data:` URLs never leave the page and are not requests to any host.
 */
export async function sameOriginOnly(browser: BrowserContext, origin: string): Promise<{ requests: string[]; blocked: string[] }> {
  const seen = { requests: [] as string[], blocked: [] as string[] };
  await browser.route('**/*', (route) => {
    const url = route.request().url();
    seen.requests.push(url);
    if (url.startsWith('blob:') || url.startsWith('data:') || new URL(url).origin === origin) return route.continue();
    seen.blocked.push(url);
    return route.abort('blockedbyclient');
  });
  return seen;
}
