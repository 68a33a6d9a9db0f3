import { contentHash, normalize, textHash, titleId } from '../../ingest/normalize';

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
      warnings: [],
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
    [{ year: 801 }, 'year', 'field "year" must be a four-digit year, got 801: the field is left out'],
    [{ year: 'next year' }, 'year', 'field "year" must be a four-digit year, got "next year": the field is left out'],
    [{ url: 'javascript:alert(1)' }, 'url', 'field "url" must be an http(s) URL, got a javascript: URL: the field is left out'],
    [{ url: 'www.example.org/paper' }, 'url', 'field "url" is not a URL: "www.example.org/paper": the field is left out'],
    [{ venue: 42 }, 'venue', 'field "venue" must be a string, got number: the field is left out'],
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
