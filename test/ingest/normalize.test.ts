import { contentHash, LIMITS, normalize, textHash, titleId } from '../../ingest/normalize';

describe('normalize', () => {
  test('keeps the source id and parses every field', () => {
    expect(
      normalize({
        id: 'openreview:abc',
        title: '  Dropout   Enhanced\nBilevel Training ',
        abstract: 'Bilevel  optimization.',
        authors: 'Peiran Yu, Junyi Li, Heng Huang',
        year: 2024,
        venue: 'ICLR',
        keywords: 'Bilevel Optimization, Overfitting',
      }),
    ).toEqual({
      ok: true,
      draft: {
        id: 'openreview:abc',
        title: 'Dropout Enhanced Bilevel Training',
        abstract: 'Bilevel optimization.',
        authors: ['Peiran Yu', 'Junyi Li', 'Heng Huang'],
        year: 2024,
        venue: 'ICLR',
        url: undefined,
        keywords: ['Bilevel Optimization', 'Overfitting'],
      },
      warnings: [],
    });
  });

  test('without a source id: DOI, then arXiv id, then a hash of the normalised title', () => {
    const base = { title: 'AutoMix: Unveiling the Power of Mixup', abstract: 'A.' };
    expect(normalize({ ...base, doi: 'https://doi.org/10.1000/ABC' })).toMatchObject({ draft: { id: 'doi:10.1000/abc' } });
    expect(normalize({ ...base, arxiv_id: '2103.13027v2' })).toMatchObject({ draft: { id: 'arxiv:2103.13027' } });
    const byTitle = normalize(base);
    expect(byTitle).toMatchObject({ draft: { id: expect.stringMatching(/^title:[0-9a-f]{20}$/) } });
    expect(titleId('automix -- unveiling the power of MIXUP')).toBe(byTitle.ok && byTitle.draft.id);
  });

  test.each([
    [{ abstract: 'A.' }, 'missing field "title"'],
    [{ title: 'T' }, 'missing field "abstract"'],
    [{ title: '  ', abstract: 'A.' }, 'field "title" is empty'],
    [{ title: 'T', abstract: 42 }, 'field "abstract" must be a string, got number'],
    [{ title: 'T', abstract: 'A.', id: { x: 1 } }, 'field "id" must be a string, got object'],
  ])('rejects %j: %s', (raw, reason) => {
    expect(normalize(raw)).toEqual({ ok: false, reason });
  });

  test.each([
    [{ title: 'T'.repeat(LIMITS.titleChars + 1), abstract: 'A.' }, `title longer than ${LIMITS.titleChars} characters`],
    [{ title: 'T', abstract: 'A.', id: 'i'.repeat(501) }, 'id longer than 500 characters'],
    [{ title: 'T', abstract: 'A.', doi: 'd'.repeat(501) }, 'doi longer than 500 characters'],
    [{ title: ['T'], abstract: 'A.' }, 'field "title" must be a string, got array'],
  ])('caps and types: %#', (raw, reason) => {
    const result = normalize(raw);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  test('an over-long abstract is cut to the limit with a warning; the paper is kept', () => {
    const result = normalize({ title: 'T', abstract: `${'Long sentence goes on. '.repeat(1000)}😀`.repeat(2) });
    if (!result.ok) throw new Error(result.reason);
    expect(result.draft.abstract.length).toBeLessThanOrEqual(LIMITS.abstractChars);
    expect(result.draft.abstract.startsWith('Long sentence goes on. Long')).toBe(true);
    expect(result.warnings).toEqual([`abstract of 46004 characters truncated to the first ${LIMITS.abstractChars} (the limit)`]);
  });

  test.each([
    ['javascript:alert(1)', 'is not an http(s) URL'],
    [' JavaScript:alert(1)', 'is not an http(s) URL'],
    ['\u0001javascript:alert(1)', 'is not an http(s) URL'],
    ['data:text/html,<script>alert(1)</script>', 'is not an http(s) URL'],
    ['not a url', 'is not an http(s) URL'],
    ['//example.org/relative', 'is not an http(s) URL'],
    [42, 'must be a string, got number'],
    [`https://example.org/${'a'.repeat(2000)}`, 'longer than 2000 characters'],
  ])('an unsafe or malformed url is dropped with a warning, the paper kept: %#', (url, warning) => {
    const result = normalize({ title: 'T', abstract: 'A.', url });
    if (!result.ok) throw new Error(result.reason);
    expect(result.draft.url).toBeUndefined();
    expect(result.warnings).toEqual([expect.stringContaining(warning)]);
    expect(result.warnings[0]).toMatch(/^field "url" dropped: /);
  });

  test('http(s) URLs are kept as given', () => {
    for (const url of ['https://arxiv.org/abs/2103.13027', 'http://example.org/a?b=c#d']) {
      expect(normalize({ title: 'T', abstract: 'A.', url })).toMatchObject({ ok: true, draft: { url }, warnings: [] });
    }
  });

  test('control characters and lone surrogates never reach the store', () => {
    const result = normalize({ title: 'A\u0000B\u0007C\ud800D', abstract: 'x\u001b[31my\u0085z' });
    expect(result).toMatchObject({ ok: true, draft: { title: 'A B C\uFFFDD', abstract: 'x [31my z' } });
  });

  test.each([
    [{ year: 801 }, 'year', 'field "year" must be a four-digit year, got 801: the field is left out'],
    [{ year: 'next year' }, 'year', 'field "year" must be a four-digit year, got "next year": the field is left out'],
    [{ venue: 42 }, 'venue', 'field "venue" must be a string, got number: the field is left out'],
    [{ venue: 'v'.repeat(501) }, 'venue', 'venue longer than 500 characters: the field is left out'],
    [{ authors: Array(5001).fill('A') }, 'authors', 'field "authors" has more than 5000 entries: the field is left out'],
    [{ year: 'y'.repeat(100_000) }, 'year', `field "year" must be a four-digit year, got "${'y'.repeat(39)}…: the field is left out`],
    [{ authors: [1, 2] }, 'authors', 'field "authors" must be a list of strings or a comma-separated string: the field is left out'],
  ])('keeps the paper without the bad optional field %j, with a warning', (bad, field, warning) => {
    const result = normalize({ title: 'T', abstract: 'A.', venue: 'ICLR', year: 2020, url: 'https://x.org/p', ...bad });
    if (!result.ok) throw new Error(`rejected: ${result.reason}`);
    expect(result.warnings).toEqual([warning]);
    expect(result.draft.title).toBe('T');
    const kept = { venue: 'ICLR', year: 2020, url: 'https://x.org/p', authors: [] };
    for (const [name, value] of Object.entries(kept)) {
      if (name === field) expect(result.draft[name as keyof typeof kept]).toEqual(name === 'authors' ? [] : undefined);
      else expect(result.draft[name as keyof typeof kept]).toEqual(value);
    }
  });

  test('the text hash follows title and abstract only; the content hash follows every field', () => {
    const a = normalize({ title: 'T', abstract: 'A.', venue: 'ICLR' });
    const b = normalize({ title: 'T', abstract: 'A.', venue: 'NeurIPS' });
    const c = normalize({ title: 'T', abstract: 'B.', venue: 'ICLR' });
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected valid drafts');
    expect(textHash(a.draft)).toBe(textHash(b.draft));
    expect(contentHash(a.draft)).not.toBe(contentHash(b.draft));
    expect(textHash(a.draft)).not.toBe(textHash(c.draft));
  });
});
