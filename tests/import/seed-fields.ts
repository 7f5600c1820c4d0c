// What the seed page (tests/fixtures/import/seed.txt) says about its chapter, outside the entries.
export const SEED_FIELDS = {
  title: '组织工作',
  year: 2019,
  compiler: '中山年鉴编纂委员会',
  source: '《中山年鉴·2020》',
  yearbook: '中山年鉴',
  edition: 2020,
  authors: ['黄春明'],
};
