// The thread that splits search records into words (search-text.ts) while the build's own thread
// goes on parsing and rendering: Intl.Segmenter is most of a second of CPU for 4,000 chapters.
import { parentPort } from 'node:worker_threads';
import { indexText } from './search-text.ts';

export interface WordsRequest {
  id: number;
  texts: string[];
}

export interface WordsReply {
  id: number;
  texts: string[];
}

parentPort!.on('message', ({ id, texts }: WordsRequest) => {
  parentPort!.postMessage({ id, texts: texts.map(indexText) } satisfies WordsReply);
});
