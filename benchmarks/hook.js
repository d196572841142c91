// Installed in every page before Streamlit's scripts run (page.add_init_script): records when each
// Plotly chart last finished drawing and when a WebGL canvas (deck.gl, Plotly's maps) last drew, so
// that a benchmark can wait for "every chart drawn" instead of sleeping.
(() => {
  if (window.__idm) return;
  const state = window.__idm = {
    afterplots: 0,        // plotly_afterplot events seen
    lastAfterplot: 0,     // performance.now() of the latest one
    glDraws: 0,           // WebGL draw calls on a deck.gl canvas
    lastDeckDraw: 0,
    lastMutation: 0,      // latest element added or removed in the page (toasts and tooltips aside)
    lastInput: 0,         // the latest pointer press or key press: when a click or a choice happened
    messages: 0,          // websocket messages from the server (every script run sends some)
    lastMessage: 0,
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

  // deck.gl draws through WebGL: count draw calls on canvases inside Streamlit's deck element.
  const wrap = (proto) => {
    if (!proto) return;
    for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']) {
      const original = proto[name];
      if (!original) continue;
      proto[name] = function (...args) {
        const canvas = this.canvas;
        if (canvas && canvas.closest && canvas.closest('[data-testid="stDeckGlJsonChart"]')) {
          canvas.__draws = (canvas.__draws || 0) + 1;
          canvas.__lastDraw = performance.now();
          state.glDraws += 1;
          state.lastDeckDraw = canvas.__lastDraw;
        }
        return original.apply(this, args);
      };
    }
  };
  wrap(window.WebGLRenderingContext && WebGLRenderingContext.prototype);
  wrap(window.WebGL2RenderingContext && WebGL2RenderingContext.prototype);

  const passing = '[data-testid="stToastContainer"], [data-testid="stTooltipContent"], [role="tooltip"], .hoverlayer, .deck-tooltip';
  const counts = (record) => {
    const target = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    return !(target && target.closest && target.closest(passing));
  };
  const watch = () => new MutationObserver((records) => {
    if (records.some(counts)) state.lastMutation = performance.now();
  }).observe(document.documentElement, { childList: true, subtree: true });
  if (document.documentElement) watch(); else document.addEventListener('DOMContentLoaded', watch);

  // The page's state as the benchmark polls it.
  state.snapshot = () => {
    // Only what is on screen: a chart in a closed tab or expander need not draw.
    const shown = (element) => element.getClientRects().length > 0;
    const charts = [...document.querySelectorAll('.js-plotly-plot')].filter(shown);
    const main = document.querySelector('[data-testid="stMain"]') || document.body;
    const decks = [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')].filter(shown);
    const title = main.querySelector('h1');
    return {
      now: performance.now(),
      // The script state is set when a run starts; the running indicator shows only after a delay.
      running: (document.querySelector('[data-testid="stApp"]') || { getAttribute: () => null })
        .getAttribute('data-test-script-state') !== 'notRunning'
        || document.querySelectorAll('[data-testid="stStatusWidget"]').length > 0,
      stale: main.querySelectorAll('[data-stale="true"]').length,
      skeletons: main.querySelectorAll('[data-testid="stSkeleton"]').length,
      title: title ? title.innerText : null,
      charts: charts.length,
      chartsDrawn: charts.filter((c) => (c.__afterplots || 0) > 0).length,
      lastAfterplot: state.lastAfterplot,
      decks: decks.length,
      decksDrawn: decks.filter((d) => [...d.querySelectorAll('canvas')].some((c) => (c.__draws || 0) > 0)).length,
      lastDeckDraw: state.lastDeckDraw,
      lastMutation: state.lastMutation,
      lastMessage: state.lastMessage,
      messages: state.messages,
      lastInput: state.lastInput,
      errors: document.querySelectorAll('[data-testid="stException"], [data-testid="stAlertContentError"]').length,
      hookError: state.hookError || null,
    };
  };
})();
