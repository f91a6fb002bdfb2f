// The app's only script, installed once per page in the sidebar by ui/page.py. It is a
// constant: no URL or user text in it. The one thing filled in is the list of case field
// names (a module constant of pathway), in place of the placeholder on the `const CASE` line,
// and the link limits of ui/case.py (numbers and the constant marker) on the `LIMITS` line.
// 1. Streamlit 1.67's slider (react-aria) labels its input by itself *and* by its group,
//    both carrying the label, so screen readers announce "Weeks of conservative care Weeks
//    of conservative care". It drops the input's aria-labelledby, leaving its aria-label: the
//    name is read once, also when Streamlit redraws a slider. Remove it once Streamlit labels
//    sliders once.
// 2. Links drawn by page_links(live=True) (in a case_links_* container) carry no query of
//    their own, so a slider move need not redraw them: a click already takes the case from
//    the address bar (Streamlit sends the URL's query on a page switch, and ui/case.py keeps
//    it). This keeps their href, what "open in a new tab" and "copy link" use, equal to the
//    address bar's case: only the case fields, only values of the app's own shape, encoded
//    by URLSearchParams, on the link's own same-app path.
// 3. A link over the app's limits (too many fields, too many characters): the server puts a
//    marker in its place and removes it, but the very first page of a fresh server process
//    runs before that check is installed and opens at the default case silently. Here the
//    address still holds the long query: reload on the marker so the page says why.
(() => {
  if (window.__ppeScript) return;
  window.__ppeScript = true;
  const LIMITS = LINK_LIMITS;
  const search = window.location.search.slice(1);
  if (search && (search.length > LIMITS.chars || search.split('&').length > LIMITS.fields)) {
    window.location.replace(window.location.pathname + '?' + LIMITS.marker);
    return;
  }
  const CASE = new Set(CASE_FIELDS);
  const SAFE = /^[A-Za-z0-9_ .+-]{1,40}$/;
  const names = () => document.querySelectorAll(
    '[data-testid=stSlider] input[type=range][aria-labelledby][aria-label]'
  ).forEach((input) => input.removeAttribute('aria-labelledby'));
  const links = () => {
    const query = new URLSearchParams();
    new URLSearchParams(window.location.search).forEach((value, key) => {
      if (CASE.has(key) && SAFE.test(value)) query.append(key, value);
    });
    const tail = query.toString() ? '?' + query.toString() : '';
    document.querySelectorAll('[class*="st-key-case_links"] a[data-testid=stPageLink-NavLink]')
      .forEach((a) => {
        if (a.dataset.caseBase === undefined) {
          a.dataset.caseBase = (a.getAttribute('href') || '').split('?')[0];
        }
        const href = a.dataset.caseBase + tail;
        if (a.getAttribute('href') !== href) a.setAttribute('href', href);
      });
  };
  // Study mode: when a new question replaces the last one ("Question 3" after "Question 2"),
  // bring its top into view if it is above the screen (on a phone the page stayed where the
  // long explanation had been, 260-300 px below the new stem). Reads only the page's own text.
  let lastQuestion = null;
  const question = () => {
    const box = document.querySelector('.st-key-study_question');
    const caption = box && box.querySelector('[data-testid=stCaptionContainer]');
    const label = caption ? caption.textContent.split('\u00b7')[0].trim() : null;
    if (label && lastQuestion && label !== lastQuestion) {
      const top = box.getBoundingClientRect().top;
      if (top < 64 || top > window.innerHeight * 0.6) {
        box.style.scrollMarginTop = '64px';
        box.scrollIntoView({block: 'start'});
      }
    }
    lastQuestion = label;
  };
  // 4. A Markdown table wider than a phone scrolls sideways in its own box (ui/page.py's
  //    style): a box that scrolls takes keyboard focus, so it can be scrolled without a mouse.
  const tables = () => document.querySelectorAll('[data-testid=stMarkdownContainer] table')
    .forEach((t) => {
      if (t.scrollWidth > t.clientWidth + 1) { if (!t.hasAttribute('tabindex')) t.setAttribute('tabindex', '0'); }
      else if (t.getAttribute('tabindex') === '0') t.removeAttribute('tabindex');
    });
  // Off the critical path: React's mutations of one redraw come in several batches; they are
  // answered once, when the browser is idle (within 200 ms), not before the chart is painted.
  let pending = false;
  const fix = () => {
    if (pending) return;
    pending = true;
    const run = () => { pending = false; names(); links(); question(); tables(); };
    if (window.requestIdleCallback) window.requestIdleCallback(run, {timeout: 200});
    else window.setTimeout(run, 50);
  };
  new MutationObserver(fix).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['aria-labelledby'],
  });
  for (const name of ['pushState', 'replaceState']) {
    const original = window.history[name];
    window.history[name] = function (...args) {
      const result = original.apply(this, args);
      fix();
      return result;
    };
  }
  window.addEventListener('popstate', fix);
  fix();
})();
