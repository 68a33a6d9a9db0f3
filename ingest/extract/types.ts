import type { ConceptKind, LineageCue, LineageRelation, MethodRole } from '../../src/domain';
import type { FilterReason } from './junk';

export type { ConceptKind, LineageCue, LineageRelation, MethodRole };

/** The part of a paper extraction reads. */
export interface ExtractInput {
  id: string;
  title: string;
  abstract: string;
  year?: number;
}

/** What kind of thing an entity is: the domain's ConceptKind (SciERC's Method, Task, Material as data sets, Metric). */
export type EntityType = ConceptKind;

/**
 * How a paper's type reading was made, strongest first: the text says it ("CIFAR-100 dataset", "datasets such as
 * CIFAR-100"), the head noun says it ("speech recognition"), or only the look of the name does (a name-like word
 * reads as a method).
 */
export type TypeEvidence = 'context' | 'head' | 'name';

export interface Concept {
  /** Canonical key: lower case, hyphens as spaces, plurals singular, an acronym resolved to its expansion. */
  key: string;
  /** The most frequent surface form in the paper (the expansion when an acronym is defined). */
  name: string;
  /** Every surface form seen in the paper, the name included. */
  aliases: string[];
  /** In (0, 1]: the paper's strongest concept has 1. */
  weight: number;
  kind: ConceptKind;
  /** How the kind was read (the corpus step weighs the readings of every paper). */
  kindFrom: TypeEvidence;
  /** The phrase occurs in the title (termhood evidence for the corpus step). */
  inTitle: boolean;
}

/** A candidate phrase the paper's extraction rejected, and why: the API tells a name that was seen but filtered. */
export interface FilteredPhrase {
  key: string;
  reason: FilterReason;
}

export interface MethodMention {
  key: string;
  name: string;
  aliases: string[];
  role: MethodRole;
  /** The sentence the role was read from. */
  evidence: string;
}

/** What one paper's extraction stores: the domain's PaperKnowledge, with the types extraction reads. */
export interface PaperExtraction {
  concepts: Concept[];
  methods: MethodMention[];
  lineage: LineageCue[];
  filtered: FilteredPhrase[];
}
