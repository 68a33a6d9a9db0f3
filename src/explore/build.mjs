// Bundles the explorer (src/explore) into dist/explore with esbuild: one script, one stylesheet, the page.
// Everything the page needs is in that folder, so /explore works with no network. Run by `npm run build`.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', '..', 'dist', 'explore');

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const result = await build({
  entryPoints: [path.join(here, 'main.ts')],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  // The concept map (sigma, graphology) is a chunk of its own, loaded when a map is opened.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  target: ['chrome110', 'firefox110', 'safari16'],
  outdir: out,
  logLevel: 'warning',
  metafile: true,
});
for (const file of ['index.html', 'favicon.svg']) await copyFile(path.join(here, file), path.join(out, file));
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith('.map'))
  .reduce((sum, [, o]) => sum + o.bytes, 0);
process.stdout.write(`explorer: dist/explore (${Math.round(bytes / 1024)} KiB)\n`);
