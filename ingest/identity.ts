import type { GraphStore, PaperKeyHit, PaperLinks } from '../graph/store';
import type { PaperDraft } from '../src/domain';
import { titleId } from './normalize';

/**
 * Who a paper is, across sources. Every identifier is a key with a scheme prefix: `doi:10.1234/x` (lower case),
 * `arxiv:2310.01234` (no version), `openalex:W123`, `s2:<Semantic Scholar paperId>`, or a source's own id as given
 * (`openreview:…`). A paper's title key (`title:…`, the hash of its normalised title: `titleId`) is weaker: two papers
 * with the same title key are the same only when their abstracts agree (`sameAbstract`), and a reference resolves
 * by title only when none of its identifiers resolves.
 */

/** Prefix of title keys. */
export const TITLE_KEY_PREFIX = 'title:';

export function isTitleKey(key: string): boolean {
  return key.startsWith(TITLE_KEY_PREFIX);
}

export function doiKey(doi: string): string {
  return `doi:${doi
    .trim()
    .toLowerCase()
    .replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:)/, '')}`;
}

export function arxivKey(arxiv: string): string {
  return `arxiv:${arxiv
    .trim()
    .replace(/^(https?:\/\/(export\.)?arxiv\.org\/(abs|pdf)\/|arxiv:)/i, '')
    .replace(/(\.pdf)?$/, '')
    .replace(/v\d+$/, '')}`;
}

export function openalexKey(id: string): string {
  return `openalex:${id.trim().replace(/^(https?:\/\/openalex\.org\/|openalex:)/i, '').toUpperCase()}`;
}

export function s2Key(id: string): string {
  return `s2:${id.trim().replace(/^s2:/, '')}`;
}

/**
 * The key of an identifier written as a reference list entry: a DOI (bare, `doi:` or a doi.org link), an arXiv id
 * (`arxiv:` or an arxiv.org link), an OpenAlex work (`W123` or its openalex.org URL), or any other id as is (the
 * id a paper of the store has, e.g. `openreview:…`, `s2:…`).
 */
export function identifierKey(text: string): string {
  const t = text.trim();
  if (/^(https?:\/\/(dx\.)?doi\.org\/|doi:)?10\.\d{4,9}\//i.test(t)) return doiKey(t);
  if (/^(https?:\/\/(export\.)?arxiv\.org\/(abs|pdf)\/|arxiv:)/i.test(t)) return arxivKey(t);
  if (/^(https?:\/\/openalex\.org\/|openalex:)?W\d+$/i.test(t)) return openalexKey(t);
  return t;
}

/** Word sets of two abstracts overlap this much (share of the shorter one's words) for the same titled paper. */
export const SAME_ABSTRACT_OVERLAP = 0.8;

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/**
 * Whether two abstracts are the same paper's: most words of the shorter one are in the longer one. The share of the
 * shorter one, so an abstract a listing cut short still matches the whole one.
 */
export function sameAbstract(a: string, b: string): boolean {
  const [x, y] = [words(a), words(b)];
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  if (small.size === 0) return false;
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return shared / small.size >= SAME_ABSTRACT_OVERLAP;
}

/** Every identifier key of a draft: its id and aliases (not its title key). */
export function identifiers(draft: Pick<PaperDraft, 'id' | 'aliases'>): string[] {
  return [draft.id, ...(draft.aliases ?? [])].filter((k) => !isTitleKey(k));
}

function union<T>(a: T[] | undefined, b: T[] | undefined, key: (v: T) => string = String): T[] {
  const out = new Map<string, T>();
  for (const v of [...(a ?? []), ...(b ?? [])]) if (!out.has(key(v))) out.set(key(v), v);
  return [...out.values()];
}

/**
 * A record merged into the stored paper it copies (`into`, whose id it takes): the stored paper's title, abstract
 * and metadata, with what it lacks (authors, year, venue, URL, keywords) taken from the record.
 */
export function mergeInto(into: PaperDraft, record: PaperDraft): PaperDraft {
  return {
    ...withLinks(into, record),
    title: into.title,
    abstract: into.abstract,
    authors: into.authors.length ? into.authors : record.authors,
    year: into.year ?? record.year,
    venue: into.venue ?? record.venue,
    url: into.url ?? record.url,
    keywords: into.keywords.length ? into.keywords : record.keywords,
  };
}

/**
 * The record under the id `into.id` with its own fields, its aliases and references joined to the stored ones
 * (`into`'s), the record's own id becoming an alias when it differs.
 */
function withLinks(into: Pick<PaperDraft, 'id' | 'aliases' | 'references'>, record: PaperDraft): PaperDraft {
  const aliases = union(into.aliases, [record.id, ...(record.aliases ?? [])]).filter((a) => a !== into.id);
  const references = union(into.references, record.references, (r) => JSON.stringify([...r].sort()));
  const { aliases: _a, references: _r, ...fields } = record;
  return {
    ...fields,
    id: into.id,
    ...(aliases.length ? { aliases } : {}),
    ...(references.length ? { references } : {}),
  };
}

/** How a record was found to be a stored paper: the scheme of the shared identifier (`doi`, `arxiv`, …) or `title`. */
export type MergeBasis = string;

/** A record matched to the stored paper it is (its own, or another source's). */
export interface Identified {
  /** The record as it will be written: under the stored paper's id, merged with it. */
  draft: PaperDraft;
  /** The stored paper's links, when it has any. */
  storedLinks?: PaperLinks;
  /** Set when the record is a copy of a stored paper under another id (another source's): its id is an alias. */
  merge?: { into: string; by: MergeBasis };
}

/** The keys a record may collide with another by: its identifiers and its title key. */
export function recordKeys(draft: PaperDraft): string[] {
  return [...identifiers(draft), titleId(draft.title)];
}

/** The links a draft is stored with. */
export function linksOf(draft: PaperDraft): PaperLinks {
  return { aliases: draft.aliases ?? [], titleKey: titleId(draft.title), references: draft.references ?? [] };
}

/**
 * Matches each record to the stored paper it is: its own id; else a stored paper one of its identifiers names
 * (another source's copy: same DOI, arXiv id, …); else a stored paper with its title key whose abstract agrees
 * (`sameAbstract`). The record is merged into that paper (`mergeInto`); a record matching none is new.
 */
export async function identify(drafts: PaperDraft[], store: GraphStore): Promise<Identified[]> {
  const hits = await store.findPaperKeys([...new Set(drafts.flatMap(recordKeys))]);
  const byKey = new Map<string, PaperKeyHit[]>();
  for (const h of hits) byKey.set(h.key, [...(byKey.get(h.key) ?? []), h]);
  // Whole stored papers only of possible copies (another paper's id or title): a record's own paper needs its links.
  const ownIds = new Set(drafts.map((d) => d.id));
  const candidates = await store.getPapers([...new Set(hits.filter((h) => !ownIds.has(h.paperId)).map((h) => h.paperId))]);
  const links = await store.paperLinks([...new Set(hits.map((h) => h.paperId))]);
  return drafts.map((draft): Identified => {
    if (byKey.get(draft.id)?.some((h) => h.paperId === draft.id)) {
      // Its own paper: an update, the record's fields replacing the stored ones.
      const storedLinks = links.get(draft.id);
      return { draft: withLinks({ id: draft.id, ...storedLinks }, draft), storedLinks };
    }
    const byId = identifiers(draft)
      .flatMap((k) => byKey.get(k) ?? [])
      .find((h) => h.kind === 'id' && candidates.has(h.paperId));
    const byTitle = (byKey.get(titleId(draft.title)) ?? []).find((h) => {
      const stored = candidates.get(h.paperId);
      return stored !== undefined && sameAbstract(stored.abstract, draft.abstract);
    });
    const match = byId ?? byTitle;
    if (!match) return { draft };
    const stored = candidates.get(match.paperId)!;
    const storedLinks = links.get(stored.id);
    const storedDraft: PaperDraft = { ...stored, aliases: storedLinks?.aliases, references: storedLinks?.references };
    const by = match === byId ? match.key.slice(0, match.key.indexOf(':')) || 'id' : 'title';
    return { draft: mergeInto(storedDraft, draft), storedLinks, merge: { into: stored.id, by } };
  });
}
