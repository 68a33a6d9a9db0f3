import { spawnSyncWithin, within } from './child';

test('within gives up after its time, saying what it waited for and what it saw', async () => {
  const never = new Promise<never>(() => undefined);
  await expect(within(50, 'the server to print its URL', never, () => 'output so far: nothing')).rejects.toThrow(
    'gave up after 0.05s waiting for the server to print its URL\noutput so far: nothing',
  );
  await expect(within(1000, 'a quick answer', Promise.resolve(42))).resolves.toBe(42);
});

test('spawnSyncWithin kills a child that outlives its time and says which command it was', () => {
  const args = ['-e', 'process.stdout.write("started"); setTimeout(() => {}, 60_000)'];
  expect(() => spawnSyncWithin(process.execPath, args, { encoding: 'utf8', timeout: 2000 })).toThrow(
    /-e process\.stdout\.write.*: still running after 2s, killed\n/s,
  );
  expect(spawnSyncWithin(process.execPath, ['-e', 'process.exit(3)'], { encoding: 'utf8' }).status).toBe(3);
});
