import fs from 'node:fs';

/** The nearest-rank `p`-th percentile of ascending `sorted` values. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** A standard normal draw (Box-Muller) from a uniform `random`. */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** p50/p99 in ms of `run` over the items, one at a time, after `warmup` untimed runs. */
export async function latencies<T>(items: T[], run: (item: T) => Promise<unknown>, warmup: number): Promise<{ p50: number; p99: number; count: number }> {
  for (const item of items.slice(0, warmup)) await run(item);
  const times: number[] = [];
  for (const item of items) {
    const t = performance.now();
    await run(item);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), count: times.length };
}

/** Resident memory of a process and its peak, in MiB (Linux /proc). */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** CPU time a process has used so far (user and system), in ms (Linux /proc; clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A record of the ml-papers corpus: what a benchmark's mutations re-send as new papers. */
export interface CorpusRecord {
  title: string;
  abstract: string;
  year?: number;
}

/** The `round`-th set of `n` corpus records as new papers for `ingestPapers` (ids and titles of their own, `tag`ged). */
export function newPapers(records: CorpusRecord[], n: number, round: number, tag: string) {
  return Array.from({ length: n }, (_, i) => {
    const { title, abstract, year } = records[(round * n + i) % records.length];
    return { id: `${tag}:${round}:${i}`, title: `${title} (${tag} copy ${round})`, abstract, year };
  });
}

/** Copies a SQLite store: its file, write-ahead log and shared memory, and the vector index saved beside it. */
export function copyStore(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(from + suffix)) fs.copyFileSync(from + suffix, to + suffix);
  }
  if (fs.existsSync(`${from}.ann`)) fs.cpSync(`${from}.ann`, `${to}.ann`, { recursive: true });
}
