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
    [{ title: 'T', abstract: 'A.', year: 'next year' }, 'field "year" must be a four-digit year, got "next year"'],
    [{ title: 'T', abstract: 'A.', authors: [1, 2] }, 'field "authors" must be a list of strings or a comma-separated string'],
    [{ title: 'T', abstract: 'A.', id: { x: 1 } }, 'field "id" must be a string, got object'],
  ])('rejects %j: %s', (raw, reason) => {
    expect(normalize(raw)).toEqual({ ok: false, reason });
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
