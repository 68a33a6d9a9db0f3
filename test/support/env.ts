import path from 'node:path';

// Tests embed with the real model bundled in models/use-lite (no hub here); a test may override these per process.
process.env.LITGRAPH_MODEL_DIR ??= path.resolve(__dirname, '../../models');
process.env.LITGRAPH_EMBEDDING_MODEL ??= 'use-lite';
