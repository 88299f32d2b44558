/*
 * The staff app at "/": a small hash router over views that each talk to
 * the JSON API. The hash keeps every page linkable and reloadable while the
 * server only ever serves this one page. Logging in is a view like the
 * others; a 401 from any call brings it back.
 */
import { el, replace } from './dom.js';
import { get, post, setCsrfToken, ApiError } from './api.js';
import { loginView } from './views/login.js';
import { clientsView, newClientView } from './views/clients.js';
import { clientView } from './views/client.js';
import { clientEditView } from './views/client-edit.js';
import { newCourseView } from './views/course-new.js';
import { courseView } from './views/course.js';
import { printView } from './views/print.js';
import { dueView } from './views/due.js';
import { todayView, diaryView } from './views/today.js';
import { auditView } from './views/audit.js';
import { settingsView } from './views/settings.js';
import { staffView } from './views/staff.js';
import { requestsView } from './views/requests.js';

const main = document.getElementById('main');
const header = document.getElementById('app-header');
const announcer = document.getElementById('announcer');

const routes = [
  { pattern: /^#\/today$/, view: todayView, nav: 'today' },
  { pattern: /^#\/diary\/(\d{4})-(\d{2})-(\d{2})$/, view: diaryView, nav: 'today' },
  { pattern: /^#\/clients$/, view: clientsView, nav: 'clients' },
  { pattern: /^#\/clients\/new$/, view: newClientView, nav: 'clients' },
  { pattern: /^#\/clients\/(\d+)$/, view: clientView, nav: 'clients' },
  { pattern: /^#\/clients\/(\d+)\/edit$/, view: clientEditView, nav: 'clients' },
  { pattern: /^#\/clients\/(\d+)\/courses\/new(?:\/from-request\/(\d+))?$/, view: newCourseView, nav: 'clients' },
  { pattern: /^#\/courses\/(\d+)$/, view: courseView, nav: 'clients' },
  { pattern: /^#\/courses\/(\d+)\/print$/, view: printView, nav: 'clients' },
  { pattern: /^#\/due$/, view: dueView, nav: 'due' },
  { pattern: /^#\/audit(?:\/client\/(\d+))?$/, view: auditView, nav: 'audit' },
  { pattern: /^#\/settings$/, view: settingsView, nav: 'settings' },
  { pattern: /^#\/staff$/, view: staffView, nav: 'staff' },
  { pattern: /^#\/requests$/, view: requestsView, nav: 'requests' },
];

const state = { me: null, flash: null };
let renderCount = 0;

function announce(text) {
  announcer.textContent = '';
  /* A fresh text node after a tick so that repeating a message is still read out. */
  setTimeout(() => {
    announcer.textContent = text;
  }, 50);
}

function showHeader(me) {
  header.hidden = !me;
  document.getElementById('user-email').textContent = me ? `${me.email} (${me.role})` : '';
  document.getElementById('clinic-name').textContent = me && me.clinic ? ` · ${me.clinic}` : '';
  /* The audit log is for admins; the server refuses it to anyone else. */
  document.getElementById('nav-audit').hidden = !(me && me.role === 'admin');
  document.getElementById('nav-settings').hidden = !(me && me.role === 'admin');
  document.getElementById('nav-staff').hidden = !(me && me.role === 'admin');
}

function markNav(nav) {
  for (const link of header.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function navigate(hash, flash) {
  state.flash = flash || null;
  if (location.hash === hash) route();
  else location.hash = hash;
}

function showLogin(message) {
  state.me = null;
  setCsrfToken(null);
  showHeader(null);
  document.title = 'Log in · Collagenda';
  loginView(context(), message);
}

/* What every view gets: where to draw, who is logged in, and how to move on. */
function context() {
  const flash = state.flash;
  state.flash = null;
  return {
    main,
    me: state.me,
    flash,
    navigate,
    setTitle(title) {
      document.title = `${title} · Collagenda`;
    },
    /* Puts focus on the page's heading so that keyboard and screen-reader users start there. */
    focusHeading() {
      const heading = main.querySelector('h1');
      if (heading) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
      }
    },
    loggedIn(me, csrf) {
      state.me = me;
      if (csrf) setCsrfToken(csrf);
      showHeader(me);
      if (!location.hash || location.hash === '#' || location.hash === '#/login') navigate('#/today');
      else route();
    },
    /*
     * Shows an API error inside box. A lost session brings the login back;
     * everything else shows the server's own explanation.
     */
    showError(error, box) {
      if (error instanceof ApiError && error.status === 401) {
        showLogin('Your session has ended. Please log in again.');
        return;
      }
      if (error instanceof ApiError && error.status === 403 && error.field === 'X-CSRF-Token') {
        showLogin('Please log in again in this tab.');
        return;
      }
      const message = error instanceof ApiError ? error.message : 'Something went wrong. Please try again.';
      replace(box, el('div', { class: 'alert', role: 'alert' }, el('p', {}, message)));
    },
  };
}

async function route() {
  if (!state.me) return;
  const hash = location.hash || '#/today';
  const match = routes.map((r) => ({ r, m: r.pattern.exec(hash) })).find((x) => x.m);
  const ctx = context();
  const myRender = ++renderCount;
  document.body.classList.remove('printing');
  if (!match) {
    markNav(null);
    replace(
      main,
      el('h1', {}, 'Page not found'),
      el('p', {}, 'There is nothing at this address. ', el('a', { href: '#/clients' }, 'Go to the clients.')),
    );
    ctx.focusHeading();
    return;
  }
  markNav(match.r.nav);
  replace(main, el('p', { class: 'loading' }, 'Loading…'));
  try {
    await match.r.view(ctx, ...match.m.slice(1).map(Number));
    /* The page's message is read out from a region that was there before the page changed. */
    if (ctx.flash && myRender === renderCount) announce(typeof ctx.flash === 'string' ? ctx.flash : ctx.flash.text);
  } catch (error) {
    if (myRender !== renderCount) return;
    if (error instanceof ApiError && error.status === 404) {
      replace(
        main,
        el('h1', {}, 'Not found'),
        el('p', {}, error.message),
        el('p', {}, el('a', { href: '#/clients' }, 'Back to the clients')),
      );
      ctx.focusHeading();
      return;
    }
    const box = el('div', {});
    replace(main, el('h1', {}, 'Something went wrong'), box);
    ctx.showError(error, box);
  }
}

document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

document.getElementById('logout').addEventListener('click', async () => {
  try {
    await post('/api/v1/logout');
  } catch {
    /* Logged out or not, this tab forgets the session. */
  }
  showLogin('You are logged out.');
  history.replaceState(null, '', '#/login');
});

window.addEventListener('hashchange', route);

async function boot() {
  try {
    const me = await get('/api/v1/me');
    state.me = me;
    if (me.csrf_token) setCsrfToken(me.csrf_token);
    showHeader(me);
    if (!location.hash || location.hash === '#/login') history.replaceState(null, '', '#/today');
    route();
  } catch {
    // Not logged in, or no server: either way the login page is where to
    // start, and a login tried there shows the server's own error.
    showLogin(null);
  }
}

boot();
