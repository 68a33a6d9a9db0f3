import type { RawPaper } from './types';

/**
 * Records of the scholarly APIs (OpenAlex works, Semantic Scholar Graph API papers) mapped onto the fields
 * normalisation reads (id/doi/arxiv_id, title, abstract, authors, year, venue, url, keywords). Field values are
 * passed on as found: validating them is normalisation's job.
 */

/** OpenAlex stores abstracts as word → positions; this puts the words back in order. */
export function abstractFromInvertedIndex(index: unknown): string | undefined {
  if (index === null || typeof index !== 'object' || Array.isArray(index)) return undefined;
  const words: string[] = [];
  for (const [word, positions] of Object.entries(index as Record<string, unknown>)) {
    if (!Array.isArray(positions)) continue;
    for (const p of positions) if (Number.isInteger(p) && p >= 0) words[p as number] = word;
  }
  const text = words.filter((w) => w !== undefined).join(' ');
  return text === '' ? undefined : text;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export function isOpenAlexWork(raw: RawPaper): boolean {
  return 'abstract_inverted_index' in raw || /^https:\/\/openalex\.org\/W\d+$/.test(String(raw.id ?? ''));
}

export function fromOpenAlex(raw: RawPaper): RawPaper {
  const openalexId = String(raw.id ?? '').replace('https://openalex.org/', '');
  const location = obj(raw.primary_location);
  const authorships = Array.isArray(raw.authorships) ? raw.authorships : [];
  const keywords = Array.isArray(raw.keywords) ? raw.keywords : [];
  const doi = str(raw.doi);
  return {
    doi,
    openalex_id: str(openalexId),
    title: raw.title ?? raw.display_name,
    abstract: abstractFromInvertedIndex(raw.abstract_inverted_index),
    authors: authorships.map((a) => str(obj(obj(a).author).display_name)).filter((a) => a !== undefined),
    year: raw.publication_year,
    venue: obj(location.source).display_name ?? undefined,
    url: str(location.landing_page_url) ?? doi,
    keywords: keywords.map((k) => str(obj(k).display_name) ?? str(k)).filter((k) => k !== undefined),
    // OpenAlex work URLs (https://openalex.org/W…), resolved against the store's papers by normalisation.
    references: raw.referenced_works,
  };
}

export function isSemanticScholarPaper(raw: RawPaper): boolean {
  return typeof raw.paperId === 'string';
}

export function fromSemanticScholar(raw: RawPaper): RawPaper {
  const external = obj(raw.externalIds);
  const doi = str(external.DOI);
  const arxiv = str(external.ArXiv);
  const authors = Array.isArray(raw.authors) ? raw.authors : [];
  const fields = Array.isArray(raw.fieldsOfStudy) ? raw.fieldsOfStudy : [];
  return {
    doi,
    arxiv_id: arxiv,
    s2_id: raw.paperId,
    title: raw.title,
    abstract: raw.abstract,
    authors: authors.map((a) => str(obj(a).name)).filter((a) => a !== undefined),
    year: raw.year,
    venue: str(raw.venue) ?? obj(raw.journal).name ?? undefined,
    url: raw.url,
    keywords: fields.filter((f) => typeof f === 'string'),
    references: Array.isArray(raw.references) ? raw.references.map(s2Reference) : raw.references,
  };
}

/** A Semantic Scholar reference (`references.paperId,title,externalIds`): its ids and title; paperId is null for
 * a work Semantic Scholar could not match, which keeps its title. */
function s2Reference(ref: unknown): unknown {
  if (ref === null || typeof ref !== 'object' || Array.isArray(ref)) return ref;
  const r = ref as Record<string, unknown>;
  const external = obj(r.externalIds);
  return { s2_id: str(r.paperId), doi: str(external.DOI), arxiv_id: str(external.ArXiv), title: r.title };
}

/** A JSON object from any of the JSON inputs, in the shape normalisation reads. */
export function fromJsonObject(raw: RawPaper): RawPaper {
  if (isOpenAlexWork(raw)) return fromOpenAlex(raw);
  if (isSemanticScholarPaper(raw)) return fromSemanticScholar(raw);
  return raw;
}
