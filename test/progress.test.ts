import { PassThrough } from 'node:stream';
import { progressReporter } from '../src/progress';

function capture(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 120 }) as unknown as NodeJS.WriteStream;
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join('') };
}

test('off a terminal, progress is plain lines with papers, rate, percentage and ETA', () => {
  const out = capture(false);
  const progress = progressReporter('ingest x.jsonl', out.stream, 0);
  progress.update({ papers: 32, fraction: 0.25 });
  progress.update({ papers: 64, fraction: 0.5 });
  progress.stop();
  const lines = out.text().trim().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(/^ingest x\.jsonl: 64 papers, [\d.]+ papers\/s, 50%, ETA \d+s$/);
  expect(out.text()).not.toMatch(/\x1b\[/);
});

test('without a known size (stdin) the line says the ETA is unknown', () => {
  const out = capture(false);
  const progress = progressReporter('ingest <stdin>', out.stream, 0);
  progress.update({ papers: 10 });
  expect(out.text()).toMatch(/^ingest <stdin>: 10 papers, [\d.]+ papers\/s, ETA \?\n$/);
});

test('on a terminal, progress is a bar redrawn in place', () => {
  const out = capture(true);
  const progress = progressReporter('ingest x.jsonl', out.stream);
  progress.update({ papers: 64, fraction: 0.5 });
  progress.stop();
  expect(out.text()).toMatch(/ingest x\.jsonl \|.*\| 50% \| 64 papers \| [\d.]+ papers\/s \| ETA/);
});
