// @ts-check
/**
 * Lede page enhancement (the page works without it): search-as-you-type (debounced), in-page
 * navigation that updates the URL with history.pushState and keeps back/forward working,
 * and the search box inside long facet panels. All article text is inserted as text.
 */
(() => {
  const form = /** @type {HTMLFormElement | null} */ (document.getElementById('search-form'));
  const input = /** @type {HTMLInputElement | null} */ (document.getElementById('q'));
  const app = document.getElementById('app');
  const live = document.getElementById('live');
  if (!form || !input || !app) return;

  const TYPING_DELAY = 250;
  /** @type {AbortController | undefined} */
  let inflight;
  /** True while the user types: the first keystroke pushes a history entry, later ones replace it. */
  let typing = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let typingTimer;

  /** The URL the form describes (empty fields and the default sort left out). */
  function formUrl() {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(/** @type {HTMLFormElement} */ (form))) {
      if (typeof value !== 'string' || value.trim() === '') continue;
      if (key === 'sort' && value === 'relevance') continue;
      params.append(key, key === 'q' ? value.trim() : value);
    }
    const query = params.toString();
    return query ? `/?${query}` : '/';
  }

  /** Copies the form state (filters, sort, dates) of a freshly loaded page into the live form. */
  function syncForm(doc, updateQuery) {
    const nextFilters = doc.getElementById('form-filters');
    const filters = document.getElementById('form-filters');
    if (nextFilters && filters) filters.replaceChildren(...Array.from(nextFilters.childNodes, (n) => document.importNode(n, true)));
    for (const name of ['sort', 'from', 'to', 'collapse']) {
      const next = /** @type {HTMLInputElement | HTMLSelectElement | null} */ (doc.querySelector(`#search-form [name="${name}"]`));
      const here = /** @type {HTMLInputElement | HTMLSelectElement | null} */ (form?.querySelector(`[name="${name}"]`));
      if (!next || !here) continue;
      if (here instanceof HTMLInputElement && here.type === 'checkbox') here.checked = /** @type {HTMLInputElement} */ (next).checked;
      else here.value = next.value;
    }
    if (updateQuery && input) {
      const q = /** @type {HTMLInputElement | null} */ (doc.getElementById('q'));
      if (q && input.value !== q.value) input.value = q.value;
    }
    document.title = doc.title;
    for (const id of ['feed-link', 'feed-footer']) {
      const next = doc.getElementById(id);
      const here = document.getElementById(id);
      if (next && here) here.setAttribute('href', next.getAttribute('href') ?? '');
    }
  }

  function showError(message) {
    const results = document.getElementById('results');
    if (!results) return;
    const box = document.createElement('div');
    box.className = 'error-state';
    box.setAttribute('role', 'alert');
    const h = document.createElement('h2');
    h.textContent = 'Search is unavailable right now';
    const p = document.createElement('p');
    p.textContent = message;
    box.append(h, p);
    results.replaceChildren(box);
  }

  /**
   * Loads a page state in place.
   * @param {string} url
   * @param {{ history?: 'push' | 'replace' | 'none', updateQuery?: boolean, focus?: (() => void) }} [options]
   */
  async function load(url, options = {}) {
    inflight?.abort();
    const controller = new AbortController();
    inflight = controller;
    app?.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { Accept: 'text/html' } });
      const text = await response.text();
      if (controller.signal.aborted) return;
      const doc = new DOMParser().parseFromString(text, 'text/html');
      const next = doc.getElementById('app');
      if (!next) throw new Error('unexpected response');
      app?.replaceChildren(...Array.from(next.childNodes, (n) => document.importNode(n, true)));
      syncForm(doc, options.updateQuery ?? false);
      if (options.history === 'push') history.pushState({ lede: true }, '', url);
      else if (options.history === 'replace') history.replaceState({ lede: true }, '', url);
      enhance();
      const summary = document.querySelector('#results .summary, #results .empty h2, #results .error-state h2');
      if (live) live.textContent = summary?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      options.focus?.();
    } catch (error) {
      if (/** @type {Error} */ (error).name === 'AbortError') return;
      showError('Lede could not be reached. Check your connection and try again.');
    } finally {
      if (inflight === controller) app?.removeAttribute('aria-busy');
    }
  }

  /** Progressive parts that need JavaScript: facet search boxes. */
  function enhance() {
    for (const box of document.querySelectorAll('.facet-search[hidden]')) box.removeAttribute('hidden');
  }

  /** Focus after a navigation: the same facet value if it is still there, else the results. */
  function focusAfter(link) {
    const section = link.closest('[data-facet]');
    const name = link.querySelector('.facet-name')?.textContent;
    return () => {
      if (section && name) {
        const facet = section.getAttribute('data-facet');
        for (const candidate of document.querySelectorAll(`[data-facet="${facet}"] a.facet-value`)) {
          if (candidate.querySelector('.facet-name')?.textContent === name) {
            /** @type {HTMLElement} */ (candidate).focus();
            return;
          }
        }
      }
      if (link.closest('#results')) document.getElementById('results')?.focus({ preventScroll: true });
    };
  }

  /**
   * Whether the query is still being written: an open quote or parenthesis, or a trailing
   * operator. Searching then would only show a syntax error; Enter still submits it as it is.
   * @param {string} q
   */
  function unfinished(q) {
    const quotes = (q.match(/"/g) ?? []).length;
    const depth = (q.match(/\(/g) ?? []).length - (q.match(/\)/g) ?? []).length;
    return quotes % 2 === 1 || depth > 0 || /(^|\s)(OR|AND|NOT|-)$|[-:]$/.test(q.trimEnd());
  }

  input.addEventListener('input', () => {
    clearTimeout(typingTimer);
    if (unfinished(input.value)) return;
    typingTimer = setTimeout(() => {
      const url = formUrl();
      if (url === location.pathname + location.search) return;
      void load(url, { history: typing ? 'replace' : 'push' });
      typing = true;
    }, TYPING_DELAY);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    typing = false;
    void load(formUrl(), { history: 'push' });
  });

  form.addEventListener('change', (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (target === input || target.closest('.facet-search')) return;
    typing = false;
    void load(formUrl(), { history: 'push' });
  });

  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = /** @type {Element | null} */ (event.target instanceof Element ? event.target.closest('a[data-nav]') : null);
    const href = link?.getAttribute('href');
    if (!link || !href?.startsWith('/')) return;
    event.preventDefault();
    typing = false;
    clearTimeout(typingTimer);
    void load(href, { history: 'push', updateQuery: true, focus: focusAfter(link) });
  });

  window.addEventListener('popstate', () => {
    typing = false;
    clearTimeout(typingTimer);
    void load(location.pathname + location.search, { history: 'none', updateQuery: true });
  });

  // Facet value search: asks /api/facets/:facet with the current query and filters.
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let facetTimer;
  /** @type {AbortController | undefined} */
  let facetInflight;
  document.addEventListener('input', (event) => {
    const field = /** @type {HTMLInputElement} */ (event.target);
    const box = field.closest?.('.facet-search');
    const section = field.closest?.('[data-facet]');
    if (!box || !section) return;
    const list = box.querySelector('.facet-found');
    const facet = section.getAttribute('data-facet') ?? '';
    clearTimeout(facetTimer);
    facetTimer = setTimeout(async () => {
      const text = field.value.trim();
      if (!list) return;
      if (text === '') {
        list.replaceChildren();
        return;
      }
      const page = new URLSearchParams(location.search);
      const params = new URLSearchParams();
      params.set('q', text);
      for (const [key, value] of page) {
        if (key === 'q') params.set('search', value);
        else if (!['sort', 'page', 'hitsPerPage', 'collapse', 'facets'].includes(key)) params.append(key, value);
      }
      facetInflight?.abort();
      facetInflight = new AbortController();
      try {
        const response = await fetch(`/api/facets/${encodeURIComponent(facet)}?${params}`, { signal: facetInflight.signal });
        if (!response.ok) throw new Error(String(response.status));
        /** @type {{ values: { value: string, count: number, selected: boolean }[] }} */
        const data = await response.json();
        const items = data.values.map((entry) => {
          const target = new URLSearchParams(location.search);
          target.delete('page');
          if (entry.selected) {
            const kept = target.getAll(facet).filter((v) => v !== entry.value);
            target.delete(facet);
            for (const v of kept) target.append(facet, v);
          } else {
            target.append(facet, entry.value);
          }
          const li = document.createElement('li');
          const a = document.createElement('a');
          a.className = `facet-value${entry.selected ? ' is-selected' : ''}`;
          a.href = `/?${target}`;
          a.setAttribute('data-nav', '');
          const check = document.createElement('span');
          check.className = 'check';
          check.setAttribute('aria-hidden', 'true');
          const name = document.createElement('span');
          name.className = 'facet-name';
          name.textContent = entry.value;
          const count = document.createElement('span');
          count.className = 'facet-count';
          count.textContent = entry.count.toLocaleString('en-GB');
          a.append(check, name, count);
          li.append(a);
          return li;
        });
        if (items.length === 0) {
          const li = document.createElement('li');
          li.className = 'muted';
          li.textContent = 'No matching values';
          items.push(li);
        }
        list.replaceChildren(...items);
      } catch (error) {
        if (/** @type {Error} */ (error).name !== 'AbortError') list.replaceChildren();
      }
    }, 200);
  });

  history.replaceState({ lede: true }, '', location.pathname + location.search);
  enhance();
})();
