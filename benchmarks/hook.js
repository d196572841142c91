// Installed in every page before its scripts run (page.add_init_script): records when each Plotly chart
// last finished drawing, when a canvas (deck.gl and Plotly's maps through WebGL, Vega-Lite and a static
// site's map through 2D) last drew, when images loaded and requests ended, and when the first words
// showed, so that a benchmark can wait for "every chart drawn" instead of sleeping.
//
// "Drawn" (snapshot().complete, used by benchmarks/fresh.py), for a Streamlit page:
//   - the h1 is visible (with `expect`: its text contains it);
//   - the script has finished: messages came, the app's script state is notRunning, no stale element,
//     no skeleton;
//   - every Plotly chart has fired plotly_afterplot; every deck.gl chart has a canvas that drew; every
//     Vega-Lite chart has its svg, or its canvas has drawn; every image has loaded;
// for a page that is not Streamlit (the peer, a static site): the h1 is visible as above, the document
// has loaded, no fetch or XMLHttpRequest is pending, every image has loaded and every visible canvas
// has drawn (its map: shapes painted; it uses no tiles).
// A chart outside the viewport that has not drawn counts once it is on the page (drawn only when
// scrolled to). The time of "drawn" is the latest of those events (snapshot().lastEvent); the
// benchmark then waits until nothing new happened for 0,5 s, which is not counted.
// "First words" (firstWords): the first frame in which an h1 or a paragraph with text is visible in
// the page's main area.
// "Goto + choose": when an init script before this one sets window.__idmChoose = {selector, value},
// the option is chosen the moment the <select> offers it (chosenAt), faster than any person; the page
// counts as drawn only after that.
(() => {
  if (window.__idm) return;
  const state = window.__idm = {
    afterplots: 0,        // plotly_afterplot events seen
    lastAfterplot: 0,     // performance.now() of the latest one
    glDraws: 0,           // WebGL draw calls on a deck.gl canvas
    lastDeckDraw: 0,
    lastCanvasDraw: 0,    // the latest draw call on any canvas in the page (2D or WebGL)
    lastMutation: 0,      // latest element added or removed in the page (toasts and tooltips aside)
    lastInput: 0,         // the latest pointer press or key press: when a click or a choice happened
    messages: 0,          // websocket messages from the server (every script run sends some)
    lastMessage: 0,
    pending: 0,           // fetch and XMLHttpRequest requests not yet answered
    lastRequestEnd: 0,
    lastImageLoad: 0,
    imageErrors: 0,
    firstWords: 0,        // performance.now() of the frame that first showed an h1 or a paragraph
    chosenAt: 0,          // when the option of window.__idmChoose was chosen
  };

  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { state.messages += 1; state.lastMessage = performance.now(); });
    }
  };
  for (const type of ['pointerdown', 'keydown']) {
    document.addEventListener(type, () => { state.lastInput = performance.now(); }, true);
  }

  // Requests in flight: a static site draws from the JSON it fetches.
  const ended = () => { state.pending -= 1; state.lastRequestEnd = performance.now(); };
  const nativeFetch = window.fetch;
  if (nativeFetch) {
    window.fetch = function (...args) {
      state.pending += 1;
      // The body is read after the promise resolves: a response counts as ended once it is read or failed.
      return nativeFetch.apply(this, args).then((response) => {
        const read = (method) => {
          const original = response[method];
          if (!original) return;
          response[method] = function (...more) {
            state.pending += 1;
            return original.apply(this, more).finally(ended);
          };
        };
        ['json', 'text', 'arrayBuffer', 'blob'].forEach(read);
        ended();
        return response;
      }, (error) => { ended(); throw error; });
    };
  }
  const nativeSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    state.pending += 1;
    this.addEventListener('loadend', ended, { once: true });
    return nativeSend.apply(this, args);
  };

  // Images: load and error events do not bubble, but they pass the capture phase of the document.
  document.addEventListener('load', (event) => {
    if (event.target && event.target.tagName === 'IMG') state.lastImageLoad = performance.now();
  }, true);
  document.addEventListener('error', (event) => {
    if (event.target && event.target.tagName === 'IMG') state.imageErrors += 1;
  }, true);

  // Plotly attaches its event emitter to the chart's <div> as `gd._ev` (Events.init) before it plots;
  // a setter on the prototype sees that moment, so no afterplot is missed, not even the first.
  Object.defineProperty(HTMLElement.prototype, '_ev', {
    configurable: true,
    get() { return undefined; },
    set(emitter) {
      Object.defineProperty(this, '_ev', { value: emitter, writable: true, configurable: true, enumerable: false });
      const element = this;
      element.__afterplots = 0;
      try {
        emitter.on('plotly_afterplot', () => {
          element.__afterplots += 1;
          element.__lastAfterplot = performance.now();
          state.afterplots += 1;
          state.lastAfterplot = element.__lastAfterplot;
        });
      } catch (error) { state.hookError = String(error); }
    },
  });

  // Draw calls on canvases that are in the page (a canvas kept off the page, such as a hit-testing
  // copy, does not count). deck.gl's are also counted apart, as benchmarks/browser.py reads them.
  const drew = (canvas) => {
    if (!canvas || !canvas.isConnected) return;
    const now = performance.now();
    canvas.__draws = (canvas.__draws || 0) + 1;
    canvas.__lastDraw = now;
    state.lastCanvasDraw = now;
    if (canvas.__deck === undefined) canvas.__deck = !!canvas.closest('[data-testid="stDeckGlJsonChart"]');
    if (canvas.__deck) {
      state.glDraws += 1;
      state.lastDeckDraw = now;
    }
  };
  const wrap = (proto, names) => {
    if (!proto) return;
    for (const name of names) {
      const original = proto[name];
      if (!original) continue;
      proto[name] = function (...args) {
        drew(this.canvas);
        return original.apply(this, args);
      };
    }
  };
  const gl = ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced'];
  wrap(window.WebGLRenderingContext && WebGLRenderingContext.prototype, gl);
  wrap(window.WebGL2RenderingContext && WebGL2RenderingContext.prototype, gl);
  wrap(window.CanvasRenderingContext2D && CanvasRenderingContext2D.prototype,
    ['fill', 'stroke', 'fillRect', 'strokeRect', 'fillText', 'strokeText', 'drawImage', 'putImageData']);

  // The main area: Streamlit's, else the whole page.
  const mainArea = () => document.querySelector('[data-testid="stMain"]') || document.body;
  const visible = (element) => {
    if (element.getClientRects().length === 0) return false;
    const style = getComputedStyle(element);
    return style.visibility !== 'hidden' && Number(style.opacity) > 0;
  };
  const hasWords = (element) => visible(element) && element.innerText.trim().length > 0;

  // First words: checked once per frame after the page changed, until found.
  let looking = false;
  const lookForWords = () => {
    if (state.firstWords || looking) return;
    looking = true;
    requestAnimationFrame((frame) => {
      looking = false;
      const main = mainArea();
      if (main && [...main.querySelectorAll('h1, p')].some(hasWords)) state.firstWords = frame;
    });
  };

  const chooseWhenOffered = () => {
    const wanted = window.__idmChoose;
    if (!wanted || state.chosenAt) return;
    const select = document.querySelector(wanted.selector);
    if (!select || ![...select.options].some((option) => option.value === wanted.value)) return;
    select.value = wanted.value;
    select.dispatchEvent(new Event('input', { bubbles: true }));
    select.dispatchEvent(new Event('change', { bubbles: true }));
    state.chosenAt = state.lastInput = performance.now();
  };

  const passing = '[data-testid="stToastContainer"], [data-testid="stTooltipContent"], [role="tooltip"], .hoverlayer, .deck-tooltip';
  const counts = (record) => {
    const target = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    return !(target && target.closest && target.closest(passing));
  };
  const watch = () => new MutationObserver((records) => {
    if (records.some(counts)) {
      state.lastMutation = performance.now();
      lookForWords();
    }
    chooseWhenOffered();
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  if (document.documentElement) watch(); else document.addEventListener('DOMContentLoaded', watch);

  // The page's state as the benchmark polls it. `expect`: text the h1 must contain to count.
  state.snapshot = (expect) => {
    // Only what is on screen: a chart in a closed tab or expander need not draw.
    const shown = (element) => element.getClientRects().length > 0;
    const inView = (element) => {
      const box = element.getBoundingClientRect();
      return box.bottom > 0 && box.right > 0 && box.top < window.innerHeight && box.left < window.innerWidth;
    };
    const canvasDrew = (element) => [...element.querySelectorAll('canvas')].some((c) => (c.__draws || 0) > 0);
    const charts = [...document.querySelectorAll('.js-plotly-plot')].filter(shown);
    const main = mainArea() || document.documentElement || document;  // just after the navigation: nothing yet
    const decks = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')].filter(shown);
    const vegas = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].filter(shown);
    const vegaDrawn = (v) => canvasDrew(v) || [...v.querySelectorAll('svg')].some((s) => s.childElementCount > 0);
    const images = [...main.querySelectorAll('img')].filter(shown);
    const imageLoaded = (image) => image.complete && image.naturalWidth > 0;
    const title = main.querySelector('h1');
    const titleText = title ? title.innerText : null;
    const titleShown = !!title && hasWords(title) && (!expect || titleText.includes(expect));
    const app = document.querySelector('[data-testid="stApp"]');
    const streamlit = !!app;
    const running = streamlit && (app.getAttribute('data-test-script-state') !== 'notRunning'
      || document.querySelectorAll('[data-testid="stStatusWidget"]').length > 0);
    const stale = main.querySelectorAll('[data-stale="true"]').length;
    const skeletons = main.querySelectorAll('[data-testid="stSkeleton"]').length;
    // A page that is not Streamlit: every visible canvas of its own must have drawn.
    const canvases = streamlit ? [] : [...document.querySelectorAll('canvas')]
      .filter((c) => shown(c) && c.width > 0 && c.height > 0);
    // Not drawn yet and on screen: what "drawn" still waits for (a chart below the fold counts once there).
    const waiting = {
      plotly: charts.filter((c) => !((c.__afterplots || 0) > 0) && inView(c)).length,
      deck: decks.filter((d) => !canvasDrew(d) && inView(d)).length,
      vega: vegas.filter((v) => !vegaDrawn(v) && inView(v)).length,
      images: images.filter((i) => !imageLoaded(i) && !(i.complete && i.naturalWidth === 0) && inView(i)).length,
      canvases: canvases.filter((c) => !((c.__draws || 0) > 0) && inView(c)).length,
    };
    const finished = streamlit
      ? state.messages > 0 && !running && !stale && !skeletons
      : document.readyState === 'complete' && state.pending === 0;
    const chosen = !window.__idmChoose || state.chosenAt > 0;
    const complete = chosen && titleShown && finished && Object.values(waiting).every((n) => n === 0);
    return {
      now: performance.now(),
      streamlit,
      // The script state is set when a run starts; the running indicator shows only after a delay.
      running,
      stale,
      skeletons,
      title: titleText,
      titleShown,
      charts: charts.length,
      chartsDrawn: charts.filter((c) => (c.__afterplots || 0) > 0).length,
      lastAfterplot: state.lastAfterplot,
      decks: decks.length,
      decksDrawn: decks.filter(canvasDrew).length,
      lastDeckDraw: state.lastDeckDraw,
      vegas: vegas.length,
      images: images.length,
      canvases: canvases.length,
      waiting,
      finished,
      complete,
      pending: state.pending,
      firstWords: state.firstWords,
      chosenAt: state.chosenAt,
      // The latest event that "drawn" is made of.
      lastEvent: Math.max(state.lastAfterplot, state.lastCanvasDraw, state.lastMutation, state.lastMessage,
        state.lastImageLoad, state.lastRequestEnd),
      lastCanvasDraw: state.lastCanvasDraw,
      lastImageLoad: state.lastImageLoad,
      lastRequestEnd: state.lastRequestEnd,
      lastMutation: state.lastMutation,
      lastMessage: state.lastMessage,
      messages: state.messages,
      lastInput: state.lastInput,
      errors: document.querySelectorAll('[data-testid="stException"], [data-testid="stAlertContentError"]').length,
      imageErrors: state.imageErrors,
      hookError: state.hookError || null,
    };
  };
})();
