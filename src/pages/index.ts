// Every kind of output the site has, in the order they are made. Add a generator here to add pages.
// Page generators run once per script (Simplified, then Traditional under hant/), either over the
// whole site or one volume at a time (those a build with the cache skips for unchanged volumes);
// site file generators run once, after them, over every page.
import type { Generator, SiteFileGenerator } from '../pipeline/render.ts';
import { chapterPages } from './chapter.ts';
import { dataPages, dataSchemas } from './data.ts';
import { glossaryPages } from './glossary.ts';
import { homePage, notFoundPage } from './home.ts';
import { feed, sitemap } from './metadata.ts';
import { searchPage } from './search.ts';
import { siteSubjectIndexPage, volumeSubjectIndexPages } from './subject-index.ts';
import { volumePages } from './volume.ts';

export const pageGenerators: Generator[] = [
  homePage,
  notFoundPage,
  volumePages,
  chapterPages,
  dataPages,
  dataSchemas,
  glossaryPages,
  siteSubjectIndexPage,
  volumeSubjectIndexPages,
  searchPage,
];

export const siteFileGenerators: SiteFileGenerator[] = [sitemap, feed];
