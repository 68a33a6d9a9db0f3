/**
 * Small curated word lists. They describe English scientific prose in general, not any corpus: generic phrases
 * no graph should hold, and head nouns that say a phrase names a method or a task.
 */

/** Leading words that say nothing about what a phrase names ("a novel framework" → "framework"). */
export const GENERIC_MODIFIERS = new Set(
  `novel new proposed existing various different several many multiple simple effective efficient robust such other
  more most less first second third same given recent current previous prior traditional conventional standard strong
  significant extensive comprehensive further additional specific certain particular key important main overall
  general unified powerful promising original typical common popular widely well respective corresponding
  state-of-the-art sota superior better best large small great substantial notable remarkable competitive
  challenging crucial critical fundamental improved enhanced empirical experimental theoretical our their its this
  these those each every all any some few accurate quick fast subsequent high-quality major open
  considerable growing increasing special much little renewed`.split(/\s+/),
);

/** Phrases (as keys) that name nothing worth a node, whatever the corpus. */
export const GENERIC_PHRASES = new Set(
  `proposed method|proposed approach|proposed framework|proposed model|extensive experiment|state of the art|
  experimental result|empirical result|result|paper|work|this work|future work|previous work|prior work|existing method|
  existing approach|wide range|large number|significant improvement|recent year|recent advance|key challenge|
  main contribution|contribution|effectiveness|superiority|performance|improvement|experiment|way|number|variety|
  range|amount|lot|method|approach|framework|model|technique|problem|task|issue|challenge|baseline|benchmark|
  dataset|data|code|source code|art|study|analysis|setting|case|time|order|term|fact|part|end|question|answer|
  state of the art method|state of the art performance|extensive empirical result|broad range|code and data|
  new state of the art|strong baseline|competitive performance|superior performance|promising result|
  large margin|best performance|better performance|significant margin|wide variety|first time|real world|
  application|system|algorithm|procedure|process|step|stage|component|module|tool|strategy|scheme|mechanism|
  end to end manner|end to end way|end to end fashion|first step|key insight|key idea|main idea|new perspective|
  promising direction|future research|further research|extensive evaluation|empirical evaluation|empirical study|
  experimental evaluation|thorough analysis|publicly available|github|code base|codebase|project page`
    .split('|')
    .map((p) => p.trim()),
);

/** Head nouns of phrases that name a method, model or system. */
export const METHOD_HEADS = new Set(
  `method approach algorithm model framework technique network architecture system classifier parser tagger encoder
  decoder transformer strategy procedure scheme mechanism module estimator optimizer optimiser learning regression
  kernel machine tree field embedding grammar heuristic policy augmentation mixup attention pipeline formalism
  representation paradigm protocol solver search sampler sampling objective loss regularization regulariser
  regularizer distillation pruning quantization tuning fine-tuning training pretraining pre-training
  adaptation normalization decoding inference mixer recognizer translator generator discriminator detector
  segmenter extractor retriever ranker reranker agent planner controller autoencoder gan cnn rnn lstm mlp
  filter transform analyzer toolkit tool library engine`.split(/\s+/),
);

/** Head nouns of phrases that name a task or problem. */
export const TASK_HEADS = new Set(
  `recognition detection classification segmentation translation parsing generation retrieval summarization
  summarisation estimation tracking prediction forecasting understanding answering reasoning extraction
  identification tagging labeling labelling disambiguation resolution localization localisation reconstruction
  synthesis matching captioning planning navigation analysis modeling modelling mining categorization
  clustering alignment compression completion correction transcription verification interpretation
  comprehension acquisition induction indexing ranking filtering annotation grounding editing manipulation
  control problem task application`.split(/\s+/),
);

/**
 * Verbs that start a clause rather than modify or head a noun phrase ("models using attention"; "experiments show"
 * where the tagger read "show" as a noun).
 */
export const CLAUSE_VERBS = new Set(
  `using including following achieving leading making being having yielding showing allowing enabling improving
  reducing requiring providing based given compared used called named termed dubbed show shows demonstrate
  demonstrates reveal reveals suggest suggests indicate indicates outperform outperforms achieve achieves`.split(/\s+/),
);
