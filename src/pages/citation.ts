// 引用: a ready citation for an entry, modelled on GB/T 7714-2015 for a part of a book published
// online (析出文献, [M/OL]):
//   撰稿人. 条目[M/OL]//编纂单位. 书名·卷：类目·分目. 卷年. URL#条目
// e.g. 黄春明. 党组织建设[M/OL]//中山年鉴编纂委员会. 中山年鉴·2020：政治·组织工作. 2020. https://…/2020/zuzhi-gongzuo/#党组织建设
// Parts the content does not give (drafter, compiler, category, site.url) are left out.

export interface CitationSource {
  authors: string[];
  entry: string;
  compiler: string | null;
  volumeLabel: string;
  category: string | null;
  chapter: string;
  edition: number;
  /** Absolute address of the entry, with its anchor; null when the site has no `url`. */
  url: string | null;
}

/** The citation split before the address, so that the address can be kept out of script conversion. */
export function citation(source: CitationSource): { text: string; url: string | null } {
  const authors = source.authors.length > 0 ? `${source.authors.join(', ')}. ` : '';
  const host = source.compiler ? `//${source.compiler}. ` : '//';
  const place = [source.category, source.chapter].filter(Boolean).join('·');
  const text = `${authors}${source.entry}[M/OL]${host}${source.volumeLabel}：${place}. ${source.edition}.${source.url ? ' ' : ''}`;
  return { text, url: source.url };
}
