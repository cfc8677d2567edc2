'use strict';
// The live cluster view. One EventSource on /v1/events:
//   snapshot  (first on every connection) rebuilds the table, the event list and the chart;
//   member    one change: updates that member's row and adds a line to the events;
//   stats     every second: health score, metrics, and one more point of the chart.
// Text from the cluster (names, metadata) only ever goes into text nodes, never into HTML.
(function () {
  const WINDOW_MS = 5 * 60 * 1000;
  const MAX_EVENTS = 200;
  const STATES = ['alive', 'suspect', 'dead', 'left'];
  const SVG = 'http://www.w3.org/2000/svg';

  const members = new Map(); // name -> member (as in /v1/members, plus since_ms)
  const rows = new Map(); // name -> <tr>
  let history = []; // [{time_ms, alive, suspect, dead, left}]
  let selfName = null;
  let source = null;

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else e.setAttribute(k, v);
    }
    e.append(...children.map((c) => (c === null || c === undefined ? '' : c)));
    return e;
  }

  function hostPort(m) {
    return (m.address.includes(':') ? '[' + m.address + ']' : m.address) + ':' + m.port;
  }

  function metaText(m) {
    if (m.meta_text !== null && m.meta_text !== undefined) return m.meta_text;
    return m.meta ? '(' + atob(m.meta).length + ' bytes)' : '';
  }

  function clock(ms) {
    return new Date(ms).toTimeString().slice(0, 8);
  }

  function ago(ms) {
    if (!ms) return '';
    const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    return clock(ms);
  }

  // ---- member table ----

  function renderRow(m, changed) {
    let tr = rows.get(m.name);
    if (!tr) {
      tr = el('tr');
      rows.set(m.name, tr);
      const tbody = $('members').tBodies[0];
      const after = [...rows.keys()].filter((n) => n > m.name).sort()[0];
      tbody.insertBefore(tr, after === undefined ? null : rows.get(after));
    }
    tr.dataset.name = m.name;
    tr.dataset.state = m.state;
    tr.classList.toggle('self', m.name === selfName);
    const p = m.protocol || {};
    tr.replaceChildren(
      el('td', { class: 'name' }, m.name),
      el('td', {}, hostPort(m)),
      el('td', {}, el('span', { class: 'state ' + m.state }, m.state)),
      el('td', { class: 'num' }, String(m.incarnation)),
      el('td', { class: 'num' }, p.current + ' [' + p.min + '-' + p.max + ']'),
      el('td', { class: 'meta' }, metaText(m)),
      el('td', { class: 'since', 'data-since': m.since_ms || '' }, ago(m.since_ms)));
    if (changed) {
      tr.classList.remove('changed');
      void tr.offsetWidth; // restart the highlight
      tr.classList.add('changed');
    }
  }

  function renderCounts() {
    const counts = { alive: 0, suspect: 0, dead: 0, left: 0 };
    for (const m of members.values()) counts[m.state] = (counts[m.state] || 0) + 1;
    for (const s of STATES) $('count-' + s).textContent = counts[s];
    $('count-total').textContent = counts.alive + counts.suspect;
  }

  function refreshSince() {
    for (const td of document.querySelectorAll('#members td.since')) {
      td.textContent = ago(Number(td.dataset.since));
    }
  }

  // ---- events ----

  function describe(e, full) {
    const m = e.member;
    let text = m.name + ' ' + hostPort(m);
    if (e.type === 'updated') text += ' · meta ' + metaText(m);
    if (e.type === 'alive') text += ' · refuted the suspicion';
    if (full) text += ' · incarnation ' + m.incarnation + (e.previous ? ' · was ' + e.previous : '');
    return text;
  }

  function addEvent(e) {
    const list = $('events');
    const empty = list.querySelector('.empty');
    if (empty) empty.remove();
    list.prepend(el('li', { 'data-type': e.type, 'data-name': e.member.name },
      el('time', { datetime: e.time }, clock(e.time_ms)),
      el('span', { class: 'badge ' + e.type }, e.type),
      el('span', { class: 'what', title: describe(e, true) }, describe(e, false))));
    while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
  }

  function noEvents() {
    $('events').replaceChildren(el('li', { class: 'empty' }, 'no changes seen yet'));
  }

  // ---- stats: health, metrics, chart ----

  function renderStats(s) {
    if (s.self) {
      selfName = s.self.name;
      $('self-name').textContent = s.self.name;
      $('self-address').textContent = hostPort(s.self) + ' · incarnation ' + s.self.incarnation;
      document.title = 'memberlist · ' + s.self.name;
      $('health-score').textContent = s.self.health_score;
      const tr = rows.get(selfName);
      if (tr) tr.classList.add('self');
    }
    const body = $('metrics').tBodies[0];
    const metricRows = Object.entries(s.metrics || {}).map(([k, v]) =>
      el('tr', {}, el('td', {}, k.replace(/^memberlist\./, '')), el('td', { class: 'num' }, String(v))));
    if (s.streams) {
      metricRows.push(el('tr', {}, el('td', {}, 'event streams open / dropped'),
        el('td', { class: 'num' }, s.streams.clients + ' / ' + s.streams.dropped)));
    }
    body.replaceChildren(...metricRows);
  }

  function addSample(s) {
    history.push(Object.assign({ time_ms: s.time_ms }, s.counts));
    const from = s.time_ms - WINDOW_MS;
    while (history.length && history[0].time_ms < from) history.shift();
  }

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The x axis spans the history there is, in whole minutes, from one minute up to five.
  function drawChart() {
    const chart = $('chart');
    const W = 640, H = 180, L = 28, R = 8, T = 8, B = 20;
    const w = W - L - R, h = H - T - B;
    const now = history.length ? history[history.length - 1].time_ms : Date.now();
    const span = history.length ? now - history[0].time_ms : 0;
    const minutes = Math.min(WINDOW_MS / 60000, Math.max(1, Math.ceil(span / 60000)));
    const windowMs = minutes * 60000;
    $('chart-title').textContent = 'Cluster size, last ' + (minutes === 1 ? 'minute' : minutes + ' minutes');
    const from = now - windowMs;
    const series = {
      total: history.map((p) => p.alive + p.suspect),
      alive: history.map((p) => p.alive),
      suspect: history.map((p) => p.suspect),
      dead: history.map((p) => p.dead),
      left: history.map((p) => p.left),
    };
    const max = Math.max(1, ...series.total, ...series.dead, ...series.left);
    const x = (t) => L + ((t - from) / windowMs) * w;
    const y = (v) => T + h - (v / max) * h;
    const parts = [];
    for (const v of new Set([0, Math.round(max / 2), max])) {
      parts.push(svg('line', { class: 'grid', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
      parts.push(svg('text', { class: 'axis', x: L - 6, y: y(v) + 3, 'text-anchor': 'end' }, String(v)));
    }
    const step = minutes === 1 ? 10000 : 60000;
    for (let back = windowMs; back >= 0; back -= step) {
      const label = back === 0 ? 'now' : step === 10000 ? '-' + back / 1000 + ' s' : '-' + back / 60000 + ' min';
      parts.push(svg('text', { class: 'axis', x: x(now - back), y: H - 4, 'text-anchor': 'middle' }, label));
    }
    for (const name of ['left', 'dead', 'suspect', 'alive', 'total']) {
      const points = history.filter((p) => p.time_ms >= from)
        .map((p) => x(p.time_ms).toFixed(1) + ',' + y(name === 'total' ? p.alive + p.suspect : p[name]).toFixed(1));
      parts.push(svg('polyline', { class: name, points: points.join(' ') }));
    }
    chart.replaceChildren(...parts);
  }

  // ---- the stream ----

  function onSnapshot(s) {
    members.clear();
    rows.clear();
    $('members').tBodies[0].replaceChildren();
    if (s.stats && s.stats.self) selfName = s.stats.self.name;
    for (const m of s.members) {
      members.set(m.name, m);
      renderRow(m, false);
    }
    noEvents();
    for (const e of s.events) addEvent(e);
    history = s.history.slice();
    if (s.stats) renderStats(s.stats);
    renderCounts();
    drawChart();
  }

  function onMember(e) {
    const m = Object.assign({}, e.member, { since_ms: e.time_ms });
    members.set(m.name, m);
    renderRow(m, true);
    renderCounts();
    addEvent(e);
  }

  function onStats(s) {
    renderStats(s);
    addSample(s);
    drawChart();
    refreshSince();
  }

  function connected(yes, text) {
    const c = $('connection');
    c.dataset.connected = String(yes);
    c.textContent = text;
  }

  function connect() {
    source = new EventSource('/v1/events');
    source.addEventListener('open', () => connected(true, 'live'));
    source.addEventListener('error', () => {
      connected(false, 'disconnected, retrying…');
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
    });
    source.addEventListener('snapshot', (ev) => onSnapshot(JSON.parse(ev.data)));
    source.addEventListener('member', (ev) => onMember(JSON.parse(ev.data)));
    source.addEventListener('stats', (ev) => onStats(JSON.parse(ev.data)));
  }

  noEvents();
  drawChart();
  connect();
})();
