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
  considerable growing increasing special much little renewed available desired diverse flexible realistic
  systematic inexpensive performant fewer dominant arbitrary versatile classical adequate appropriate basic practical
  usual valuable serious increased advanced complete larger smaller similar useful principled crude coherent
  complementary suitable straightforward feasible sophisticated specialized separate alternative trained implemented
  tested investigated generated tuned developed designed described presented obtained studied evaluated introduced
  adopted employed applied`.split(/\s+/),
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
  kernel machine embedding grammar component theory solution mapping process propagation programming voting
  vocoder heuristic heuristics smoothing transducer tracker stemmer checker tokenizer lemmatizer chunker summarizer policy augmentation mixup attention pipeline formalism
  representation paradigm protocol solver search sampler sampling objective loss regularization regulariser
  regularizer distillation pruning quantization tuning fine-tuning training pretraining pre-training
  adaptation normalization decoding inference mixer recognizer translator generator discriminator detector
  segmenter extractor retriever ranker reranker agent planner controller autoencoder gan cnn rnn lstm mlp clustering
  filter transform analyzer toolkit tool library engine`.split(/\s+/),
);

/** Head nouns of phrases that name a task or problem. */
export const TASK_HEADS = new Set(
  `recognition detection classification segmentation translation parsing generation retrieval summarization
  summarisation estimation processing enhancement restoration registration separation inpainting denoising
  surveillance tutoring tracking prediction forecasting understanding answering reasoning extraction
  identification tagging labeling labelling disambiguation resolution localization localisation reconstruction
  synthesis matching captioning planning navigation analysis modeling modelling mining categorization
  alignment compression completion correction transcription verification
  comprehension induction indexing ranking filtering annotation grounding editing manipulation vision construction
  lemmatization mosaicing lipreading deblurring
  control problem task application`.split(/\s+/),
);

/** Task nouns too broad to name a task alone: faculties and activities of any study ("understanding", "analysis"). */
export const BROAD_ACTIVITIES = new Set(
  `understanding reasoning processing control analysis modeling modelling planning prediction estimation matching
  application problem task vision`.split(/\s+/),
);

/**
 * Verbs that start a clause rather than modify or head a noun phrase ("models using attention"; "experiments show"
 * where the tagger read "show" as a noun).
 */
export const CLAUSE_VERBS = new Set(
  `using including following achieving leading making being having yielding showing allowing enabling improving
  reducing requiring providing based given compared used called named termed dubbed show shows demonstrate
  demonstrates reveal reveals suggest suggests indicate indicates outperform outperforms achieve achieves
  leverage leverages utilize utilizes utilise utilises exploit exploits employ employs enable enables ranging
  spanning varying involving regarding concerning according`.split(/\s+/),
);

/** Words in -ing that modify a noun as adjectives ("the resulting model", "an existing parser"): not the gerund of a task. */
export const ADJECTIVAL_ING = new Set(
  `resulting remaining underlying corresponding existing promising interesting increasing growing emerging surrounding
  varying leading following competing missing outstanding appealing challenging demanding encouraging surprising
  striking compelling convincing misleading intriguing exciting ongoing upcoming preceding`.split(/\s+/),
);
/** Head nouns of phrases that name a data set or benchmark ("Penn Treebank", "CIFAR-100 dataset"). */
export const DATASET_HEADS = new Set(
  `dataset datasets corpus corpora treebank treebanks benchmark benchmarks suite suites testbed testbeds database databases`.split(/\s+/),
);

/** Head nouns of phrases that name an evaluation measure ("BLEU score", "word error rate", "top-1 accuracy"). */
export const METRIC_HEADS = new Set(`accuracy precision recall f1 score metric metrics measure perplexity auc auroc complexity quality`.split(/\s+/));

/** Two-word endings that make a phrase a measure ("word error rate") where the last word alone does not ("learning rate"). */
export const METRIC_TAILS = new Set([
  'error rate', 'success rate', 'win rate', 'pass rate', 'hit rate', 'mean average', 'average precision', 'recognition rate',
  'detection rate', 'positive rate', 'negative rate', 'accuracy rate', 'precision rate', 'recall rate', 'alarm rate',
  'acceptance rate', 'rejection rate', 'miss rate',
]);

/**
 * Standard evaluation measures known by their acronym alone: textbook knowledge of the field, like the head lists
 * above, not a list of any corpus's phrases.
 */
export const METRIC_NAMES = new Set(
  `bleu rouge meteor cider spice nist fid kid lpips psnr ssim mrr ndcg map mae mse rmse wer cer ter auc auroc auprc
  perplexity eer`.split(/\s+/),
);

/**
 * Heads that say what kind of thing the words before them name: "mixup method" is the method mixup, "CIFAR-100
 * dataset" the data set CIFAR-100, "mixup-based augmentation" a use of mixup. The corpus step merges such a phrase
 * into its modifier when the corpus knows the modifier as an entity of its own.
 */
export const TYPE_HEADS = new Set(
  `method methods approach technique algorithm model framework architecture strategy scheme variant family
  dataset benchmark corpus metric score task problem augmentation regularization regularizer`.split(/\s+/),
);

/** Heads that name nothing on their own, whatever modifies them: "actual runs", "key aspects", "other hand". */
export const GENERIC_HEADS = new Set(
  `run aspect hand way kind type sort lot part side thing case example instance point fact issue manner fashion
  term respect regard extent degree deal number amount variety range result finding observation insight
  contribution advantage benefit drawback limitation shortcoming effect impact role need use attempt effort
  direction idea notion topic perspective investigation remedy decade year month output development applicability`.split(/\s+/),
);

/** Words that open a clause or a title phrase rather than a name ("And That's A Fact", "Towards …"). */
export const FUNCTION_WORDS = new Set(
  `and or but nor yet so the a an this that these those there here it its is are was were be been do does did
  not no how why what when where which who whom whose towards toward beyond on in of for to from with without
  by at as into onto via about against between through over under can could should would will may might must
  let lets let's we our you your they their he she his her i my me us them`.split(/\s+/),
);

/** Publisher and licence boilerplate that follows an abstract: copyright lines, imprint names, licence words. */
export const BOILERPLATE_WORDS = new Set(
  `copyright wiley periodical periodicals elsevier springer nature llc inc ltd gmbh publisher publishing licensee
  mdpi taylor francis sage ieee acm rights reserved creative commons license licence cc by`.split(/\s+/),
);

/** Conference and journal names: where a paper appeared, not what it is about. */
export const VENUES = new Set(
  `neurips neurip nips icml iclr cvpr iccv eccv acl emnlp naacl coling aaai ijcai kdd www sigir icra iros aistats
  uai colt tmlr jmlr tpami arxiv openreview`.split(/\s+/),
);

/** Section labels that some sources glue to the abstract's first word ("AbstractWe", "BackgroundThe"). */
export const SECTION_LABELS = ['Abstract', 'Background', 'Introduction', 'Summary', 'Objective', 'Objectives', 'Purpose', 'Motivation', 'Methods', 'Results', 'Conclusions', 'Conclusion', 'Context', 'Aims', 'Highlights'];

/** Genre labels a title opens with ("Position: …", "Survey: …"): what kind of paper it is, not a method it proposes. */
export const GENRE_LABELS = new Set(`position survey review tutorial perspective opinion commentary editorial keynote
  overview primer report note`.split(/\s+/));

/** Natural languages: capitalised in prose ("code-mixed Hindi and English"), data, never a method. */
export const NATURAL_LANGUAGES = new Set(`english chinese mandarin cantonese german french spanish portuguese italian dutch
  russian ukrainian polish czech japanese korean arabic hebrew persian turkish hindi bengali urdu tamil telugu
  vietnamese thai indonesian malay swahili hinglish latin greek`.split(/\s+/));
