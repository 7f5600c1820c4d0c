// Reader features that need JavaScript. Every page works without it: the search box then opens the
// search page (which points to the subject index), and the script switch opens the same page.
// Loaded as a module (deferred, never blocking rendering); the search bundle is loaded only when
// the reader starts searching.
const siteRoot = new URL('../', import.meta.url);
const LIVE_RESULTS = 8;
const PAGE_RESULTS = 50;
let pagefind = null;

function loadPagefind() {
  pagefind ??= import(new URL('pagefind/pagefind.js', siteRoot).href).then(async (module) => {
    await module.options({ excerptLength: 40 });
    await module.init();
    return module;
  });
  return pagefind;
}

/** Pagefind's excerpt is HTML with <mark>; only its text and marks are kept. */
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, 'text/html').body.firstChild;
  return [...parsed.childNodes].map((node) => {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent ?? '');
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
    const engine = await loadPagefind();
    const found = await engine.debouncedSearch(query, {}, 200);
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
      link.textContent = result.meta.title ?? result.url;
      const chapter = document.createElement('span');
      chapter.className = 'search-result-chapter';
      chapter.textContent = result.meta.chapter ?? '';
      const excerpt = document.createElement('p');
      excerpt.className = 'search-result-excerpt';
      excerpt.append(...excerptNodes(result.excerpt));
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
