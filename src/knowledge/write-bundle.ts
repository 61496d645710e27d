// Build step: validate knowledge/ and write dist/knowledge.json (see bundle.ts).
import { writeBundle } from './bundle.js';
import { defaultKnowledgeDir, loadKnowledge } from './load.js';

const dir = defaultKnowledgeDir();
writeBundle(dir, loadKnowledge(dir));
