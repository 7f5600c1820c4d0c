// Reader features that need JavaScript. Every page works without it: the search box then opens the
// search page (which points to the subject index), and the script switch opens the same page.
// Loaded as a module (deferred, never blocking rendering); the search bundle is loaded only when
// the reader starts searching.
const siteRoot = new URL('../', import.meta.url);
const LIVE_RESULTS = 8;
const PAGE_RESULTS = 50;
const EXCERPT_LENGTH = 40;
// The index is in Simplified characters only. A Traditional page (繁體, under hant/) searches it
// with the reader's query converted to Simplified, shows what it finds converted to Traditional
// (Hong Kong), and links into hant/. OpenCC's converters are loaded only for that.
const traditional = /^zh-Hant\b/i.test(document.documentElement.lang);
const resultRoot = new URL(traditional ? 'hant/' : '', siteRoot).pathname;
let pagefind = null;
let converters = null;
let excerpts = null;

/** The newest volume's bundle (pagefind/), with every older volume's bundle merged into it. */
function loadPagefind() {
  pagefind ??= Promise.all([
    import(new URL('pagefind/pagefind.js', siteRoot).href),
    fetch(new URL('pagefind/bundles.json', siteRoot)).then((response) => response.json()),
  ]).then(async ([module, bundles]) => {
    // Pagefind picks the main bundle's index by <html lang>; it has only the Simplified one, which
    // it then takes on a Traditional page too. Merged bundles are told the language.
    await module.options({ excerptLength: EXCERPT_LENGTH, baseUrl: resultRoot });
    await module.init();
    await Promise.all(
      bundles.merge.map((folder) =>
        module.mergeIndex(new URL(`pagefind/${folder}`, siteRoot).pathname, { language: bundles.language, excerptLength: EXCERPT_LENGTH, baseUrl: resultRoot }),
      ),
    );
    return module;
  });
  return pagefind;
}

/** Reads the spaces of Pagefind's excerpts back (the index is given its words split: search-text.ts). */
function loadExcerpts() {
  excerpts ??= import(new URL('assets/search-excerpt.js', siteRoot).href);
  return excerpts;
}

const SAME_SCRIPT = { toIndex: (text) => text, toPage: (text) => text };

/** Conversions between the page's script and the index's (Simplified). */
function loadConverters() {
  if (!traditional) return Promise.resolve(SAME_SCRIPT);
  converters ??= Promise.all([
    import(new URL('pagefind/opencc/t2cn.js', siteRoot).href),
    import(new URL('pagefind/opencc/cn2t.js', siteRoot).href),
  ]).then(([t2cn, cn2t]) => ({
    toIndex: t2cn.Converter({ from: 'hk', to: 'cn' }),
    // The same conversion the build makes the Traditional pages with (src/pipeline/traditional.ts).
    toPage: cn2t.Converter({ from: 'cn', to: 'hk' }),
  }));
  return converters;
}

/**
 * Pagefind's excerpt is HTML with <mark>; only its text and marks are kept, with its spaces read
 * back (search-excerpt.js), in the page's script. The text is converted as a whole, as on the page, so that a phrase across a mark converts the
 * same; OpenCC keeps the length of such text, so the marks go around the same characters. Should a
 * conversion change the length, each piece is converted on its own instead.
 */
function excerptNodes(html, toPage, spaces) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, 'text/html').body.firstChild;
  const read = spaces.excerptPieces([...parsed.childNodes].map((node) => ({ marked: node.nodeName === 'MARK', text: node.textContent ?? '' })));
  const pieces = read.map((piece) => ({ marked: piece.marked, text: [...piece.text] }));
  const whole = [...toPage(pieces.map((p) => p.text.join('')).join(''))];
  let at = 0;
  const sameLength = whole.length === pieces.reduce((n, p) => n + p.text.length, 0);
  return pieces.map((piece) => {
    const text = sameLength ? whole.slice(at, (at += piece.text.length)).join('') : toPage(piece.text.join(''));
    if (!piece.marked) return document.createTextNode(text);
    const mark = document.createElement('mark');
    mark.textContent = text;
    return mark;
  });
}

function message(form, name, n) {
  return (form.dataset[name] ?? '').replace('{n}', String(n));
}

async function search(form, query, container, limit) {
  const status = document.createElement('p');
  status.className = 'search-status';
  status.setAttribute('role', 'status');
  status.textContent = message(form, 'textLoading');
  container.replaceChildren(status);
  container.hidden = false;
  try {
    const [engine, script, spaces] = await Promise.all([loadPagefind(), loadConverters(), loadExcerpts()]);
    const found = await engine.debouncedSearch(script.toIndex(query), {}, 200);
    if (found === null) return; // a newer query replaced this one
    const results = await Promise.all(found.results.slice(0, limit).map((r) => r.data()));
    if (form.querySelector('input[name="q"]').value.trim() !== query) return;
    status.textContent = results.length > 0 ? message(form, 'textCount', found.results.length) : message(form, 'textNone');
    const list = document.createElement('ol');
    list.className = 'search-result-list';
    for (const result of results) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = result.url;
      link.className = 'search-result-title';
      link.textContent = result.meta.title ? script.toPage(result.meta.title) : result.url;
      const chapter = document.createElement('span');
      chapter.className = 'search-result-chapter';
      chapter.textContent = script.toPage(result.meta.chapter ?? '');
      const excerpt = document.createElement('p');
      excerpt.className = 'search-result-excerpt';
      excerpt.append(...excerptNodes(result.excerpt, script.toPage, spaces));
      item.append(link, ' ', chapter, excerpt);
      list.append(item);
    }
    container.replaceChildren(status, list);
  } catch (error) {
    status.textContent = message(form, 'textError');
    console.error(error);
  }
}

function setUpSearch() {
  const form = document.querySelector('form.site-search');
  if (!form) return;
  const input = form.querySelector('input[name="q"]');
  const pageResults = document.getElementById('search-page-results');
  const liveResults = form.querySelector('.search-results');
  const run = () => {
    const query = input.value.trim();
    if (!query) {
      liveResults.hidden = true;
      liveResults.replaceChildren();
      return;
    }
    void search(form, query, pageResults ?? liveResults, pageResults ? PAGE_RESULTS : LIVE_RESULTS);
  };
  input.addEventListener('input', run);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      liveResults.hidden = true;
    }
  });
  if (pageResults) {
    // On the search page the results show in the page; the query comes from the address.
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      history.replaceState(null, '', `?q=${encodeURIComponent(input.value.trim())}`);
      run();
    });
    const query = new URLSearchParams(location.search).get('q');
    if (query) {
      input.value = query;
      run();
    }
  }
}

/** The switch to the other script keeps the reader's place: the same page and the same anchor. */
function setUpScriptSwitch() {
  const link = document.querySelector('a.script-switch');
  if (!link) return;
  link.addEventListener('click', () => {
    const target = new URL(link.href);
    target.hash = location.hash;
    link.href = target.href;
  });
}

setUpSearch();
setUpScriptSwitch();
