// Every kind of output the site has, in the order they are made. Add a generator here to add pages.
import type { PageGenerator } from '../pipeline/render.ts';
import { chapterPages } from './chapter.ts';
import { dataPages } from './data.ts';
import { homePage, notFoundPage } from './home.ts';
import { volumePages } from './volume.ts';

export const pageGenerators: PageGenerator[] = [homePage, notFoundPage, volumePages, chapterPages, dataPages];
