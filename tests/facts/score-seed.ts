// Prints recall and precision of the figure extractor on the seed chapter:
//   npx tsx tests/facts/score-seed.ts
import { formatScore, scoreSeed } from '../support/fact-score.ts';

process.stdout.write(`${formatScore(await scoreSeed())}\n`);
