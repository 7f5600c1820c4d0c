// Every kind of output the site has, in the order they are made. Add a generator here to add pages.
// Page generators run once per script (Simplified, then Traditional under hant/); site file
// generators run once, after them, over every page.
import type { PageGenerator, SiteFileGenerator } from '../pipeline/render.ts';
import { chapterPages } from './chapter.ts';
import { dataPages } from './data.ts';
import { glossaryPages } from './glossary.ts';
import { homePage, notFoundPage } from './home.ts';
import { feed, sitemap } from './metadata.ts';
import { searchPage } from './search.ts';
import { subjectIndexPages } from './subject-index.ts';
import { volumePages } from './volume.ts';

export const pageGenerators: PageGenerator[] = [homePage, notFoundPage, volumePages, chapterPages, dataPages, glossaryPages, subjectIndexPages, searchPage];

export const siteFileGenerators: SiteFileGenerator[] = [sitemap, feed];
