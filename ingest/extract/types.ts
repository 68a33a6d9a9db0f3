import type { FilterReason } from './junk';

/** The part of a paper extraction reads. */
export interface ExtractInput {
  id: string;
  title: string;
  abstract: string;
  year?: number;
}

/** What kind of thing an entity is (SciERC's Method, Task, Material as data sets, Metric; CONCEPT for the rest). */
export type EntityType = 'method' | 'task' | 'dataset' | 'metric' | 'concept';
/** The name `ConceptKind` predates the five types; it is the same thing. */
export type ConceptKind = EntityType;

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

export type MethodRole = 'PROPOSES' | 'USES' | 'COMPARES';

export interface MethodMention {
  key: string;
  name: string;
  aliases: string[];
  role: MethodRole;
  /** The sentence the role was read from. */
  evidence: string;
}

/**
 * How a method comes from another: EXTENDS (extends, generalises, adapts), VARIANT_OF (a variant, a name made from
 * the other's), BUILDS_ON (based on, built on, inspired by, X-based), FAMILY (a kind of the other by its
 * definition: "Puzzle Mix, a mixup method").
 */
export type LineageRelation = 'EXTENDS' | 'VARIANT_OF' | 'BUILDS_ON' | 'FAMILY';

export interface LineageCue {
  /** Key of the method the paper proposes. */
  child: string;
  /** Key of the method it comes from. */
  parent: string;
  relation: LineageRelation;
  evidence: string;
  /** In (0, 1]: an explicit cue about the paper's own method is near 1, a name resemblance lower. */
  confidence: number;
  /**
   * `parent` is a description, not a name: the corpus step resolves it to the longest method entity of the corpus
   * it names, or drops the cue. `phrase`: any run of its words ("automatic mixup framework" names mixup); `head`:
   * a run ending at its last word, for a method's own long name ("… for Flow Matching" names flow matching).
   */
  within?: 'phrase' | 'head';
}

/** An is-a pair read from the text ("classifiers such as SVMs": svm is a classifier), by concept key. */
export interface Hyponym {
  key: string;
  broader: string;
  evidence: string;
}

export interface PaperExtraction {
  paperId: string;
  concepts: Concept[];
  methods: MethodMention[];
  lineage: LineageCue[];
  hyponyms: Hyponym[];
  filtered: FilteredPhrase[];
}
