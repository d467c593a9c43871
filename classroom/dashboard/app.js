// The live class dashboard. It asks this server for the class (server-sent events from
// /api/stream, else polling /api/class) and draws it. Every string that came from a learner
// goes in as text (textContent, SVG text nodes), never as markup: a learner named
// <script>… is shown as those characters.
(function () {
  'use strict';
  var L = JSON.parse(document.getElementById('labels').textContent);
  var SVG = 'http://www.w3.org/2000/svg';
  var view = null;      // the last class view
  var viewAt = 0;       // when it arrived, by this browser's clock
  var pollTimer = null;

  // fmt fills Go-style verbs (%s, %d, %02d) in a message, in order.
  function fmt(s) {
    var args = Array.prototype.slice.call(arguments, 1), i = 0;
    return s.replace(/%(0\d+)?([sdv])/g, function (m, width, verb) {
      var a = args[i++];
      if (verb === 'd') {
        a = String(Math.floor(a));
        if (width) { while (a.length < parseInt(width, 10)) { a = '0' + a; } }
      }
      return String(a);
    });
  }

  // duration says a time on a step as the terminal table does: 42s, 3m 05s, 1h 02m.
  function duration(ms) {
    var s = Math.round(ms / 1000);
    if (s >= 3600) { return fmt(L['report.dur.h'], Math.floor(s / 3600), Math.floor(s / 60) % 60); }
    if (s >= 60) { return fmt(L['report.dur.m'], Math.floor(s / 60), s % 60); }
    return fmt(L['report.dur.s'], s);
  }

  // seconds says a run's time as the lessons do: 6.12 s, 0.052 s.
  function seconds(ms) {
    if (!(ms > 0)) { return ''; }
    var digits = ms >= 10000 ? 1 : ms >= 1000 ? 2 : 3;
    return fmt(L['unit.seconds'], (ms / 1000).toFixed(digits));
  }

  // ago says when a learner was last heard from, to the minute past the first one: "12m ago"
  // needs less of a narrow screen than "12m 05s ago" and says as much.
  function ago(t) {
    var ms = Date.now() - viewAt + (Date.parse(view.now) - Date.parse(t));
    if (!(ms >= 0) || ms < 5000) { return L['dash.now']; }
    var s = Math.floor(ms / 1000);
    if (s >= 60 && s < 3600) { return fmt(L['dash.ago'], fmt(L['dash.dur.m'], Math.floor(s / 60))); }
    return fmt(L['dash.ago'], duration(ms));
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }

  function render(v) {
    view = v;
    viewAt = Date.now();
    document.getElementById('counts').textContent =
      fmt(L['dash.count'], v.learners.length) + ' · ' + fmt(L['dash.events'], v.events);
    renderLearners(v);
    renderStuck(v);
    renderChart(v);
  }

  function renderLearners(v) {
    var empty = document.getElementById('empty');
    empty.hidden = v.learners.length > 0;
    document.getElementById('learners').hidden = v.learners.length === 0;
    document.getElementById('joinline').textContent = 'firstrun class join ' + location.origin + ' CODE';
    var rows = [];
    v.learners.forEach(function (l) {
      var tr = el('tr', l.stuck ? 'stuck' : '');
      // A long name or step title ends in "…" on one line; its tooltip holds all of it.
      var name = el('td', 'name');
      name.title = l.name;
      var who = el('div', 'who');
      who.appendChild(el('span', 'cut', l.name));
      if (l.stuck) {
        who.appendChild(document.createTextNode(' '));
        who.appendChild(el('span', 'badge', L['dash.stuckmark']));
      }
      name.appendChild(who);
      tr.appendChild(name);
      var at = el('td', 'at');
      var where = el('div', 'cut');
      if (l.finished) {
        where.appendChild(el('span', 'finished', L['sum.finished']));
      } else {
        at.title = l.position + ' ' + l.title;
        where.appendChild(el('span', 'pos', l.position));
        where.appendChild(document.createTextNode(' '));
        where.appendChild(el('span', 'title', l.title));
      }
      at.appendChild(where);
      tr.appendChild(at);
      var done = el('td');
      var d = el('span', 'done');
      var bar = el('span', 'bar');
      var fill = el('span');
      fill.style.width = (l.total > 0 ? Math.min(100, 100 * l.done / l.total) : 0) + '%';
      bar.appendChild(fill);
      d.appendChild(bar);
      d.appendChild(el('span', '', l.done + '/' + l.total));
      done.appendChild(d);
      tr.appendChild(done);
      var on = el('td', 'num onstep', l.finished ? '' : duration(l.on_step_ms));
      on.dataset.ms = l.finished ? '' : String(l.on_step_ms);
      tr.appendChild(on);
      tr.appendChild(el('td', 'num failed' + (l.failed > 0 ? ' some' : ''), l.finished ? '' : l.failed));
      tr.appendChild(el('td', 'num', l.hints));
      var runs = el('td', 'num runs');
      if (l.cold_ms > 0 || l.warm_ms > 0) {
        runs.appendChild(el('span', 'cold', seconds(l.cold_ms) || '–'));
        runs.appendChild(document.createTextNode(' / '));
        runs.appendChild(el('span', 'warm', seconds(l.warm_ms) || '–'));
      }
      tr.appendChild(runs);
      var seen = el('td', 'num seen', ago(l.last_seen));
      seen.dataset.t = l.last_seen;
      tr.appendChild(seen);
      rows.push(tr);
    });
    document.getElementById('rows').replaceChildren.apply(document.getElementById('rows'), rows);
  }

  function renderStuck(v) {
    var box = document.getElementById('stuck');
    var parts = [];
    if (v.stuck.length === 0) {
      parts.push(el('p', 'nostuck', L['sum.nostuck']));
    }
    v.stuck.forEach(function (st) {
      var div = el('div', 'stuckstep');
      div.appendChild(el('span', 'count', st.learners.length));
      div.appendChild(el('div', 'head', st.number + ' ' + st.title));
      var who = st.learners.map(function (l) {
        return l.failed > 0 ? fmt(L['sum.who'], l.name, duration(l.on_step_ms), l.failed)
          : fmt(L['sum.who0'], l.name, duration(l.on_step_ms));
      });
      div.appendChild(el('div', 'who', who.join(', ')));
      parts.push(div);
    });
    box.replaceChildren.apply(box, parts);
  }

  // renderChart draws each learner's cold and warm run on one line, the warm bar over the
  // cold one on the same scale, slowest cold run first, with the class's medians as dashed
  // lines. It draws in the page's own pixels for the width of its box, so its type is the
  // page's size on any screen and forty learners still fit one under another.
  function renderChart(v) {
    var box = document.getElementById('chart');
    if (v.runs.length === 0) {
      box.replaceChildren(el('p', 'note', L['sum.noruns']));
      return;
    }
    var fs = parseFloat(getComputedStyle(box).fontSize) || 16;
    var W = Math.max(box.clientWidth, 280), rowH = Math.round(fs * 1.55), top = Math.round(fs * 1.7);
    var H = top + rowH * v.runs.length + 6;
    var s = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img',
      'aria-label': L['sum.col.cold'] + ' / ' + L['sum.col.warm'] });
    box.replaceChildren(s); // in the page, so that texts can be measured
    var labelW = 0, valueW = 0, rows = [];
    v.runs.forEach(function (r, i) {
      r = Object.assign({}, r, { slowest: r.slowest && v.runs.length > 1 }); // alone, nobody is the slowest
      var g = svg('g', { 'class': 'run' + (r.slowest ? ' slowest' : '') });
      var label = svg('text', { 'class': 'label', 'text-anchor': 'end', y: top + i * rowH + rowH * 0.7 }, r.name);
      label.appendChild(svg('title', {}, r.name + (r.slowest ? ' ' + L['sum.slowest'] : '')));
      var value = svg('text', { 'class': 'value', y: top + i * rowH + rowH * 0.7 });
      value.appendChild(svg('tspan', { 'class': 'cold' }, seconds(r.cold_ms) || '–'));
      value.appendChild(svg('tspan', {}, ' / '));
      value.appendChild(svg('tspan', { 'class': 'warm' }, seconds(r.warm_ms) || '–'));
      g.appendChild(label);
      g.appendChild(value);
      s.appendChild(g);
      labelW = Math.max(labelW, label.getComputedTextLength());
      valueW = Math.max(valueW, value.getComputedTextLength());
      rows.push({ r: r, g: g, label: label, value: value, y: top + i * rowH });
    });
    // Names get at most a quarter of the width; a longer one ends in "…".
    labelW = Math.min(Math.ceil(labelW), Math.round(W * 0.25)) + 10;
    valueW = Math.ceil(valueW) + 8;
    var barW = Math.max(W - labelW - valueW, W * 0.3);
    var most = 0;
    v.runs.forEach(function (r) { most = Math.max(most, r.cold_ms, r.warm_ms); });
    if (!(most > 0)) { most = 1; }
    var x = function (ms) { return labelW + barW * ms / most; };
    var legend = function (cls, at, text) {
      s.appendChild(svg('rect', { x: at, y: top - fs * 1.35, width: fs * 0.8, height: fs * 0.8, 'class': cls }));
      var t = svg('text', { x: at + fs * 1.1, y: top - fs * 0.6 }, text);
      s.appendChild(t);
      return at + fs * 1.1 + t.getComputedTextLength() + fs;
    };
    legend('warm', legend('cold', labelW, L['dash.cold']), L['dash.warm']);
    rows.forEach(function (row) {
      var chars = Array.from(row.r.name);
      for (var n = chars.length - 1; row.label.getComputedTextLength() > labelW - 10 && n > 0; n--) {
        row.label.firstChild.textContent = chars.slice(0, n).join('') + '…';
      }
      row.label.setAttribute('x', labelW - 10);
      // The longer bar behind, the shorter one over it: both show.
      var bars = [['cold', row.r.cold_ms], ['warm', row.r.warm_ms]].filter(function (b) { return b[1] > 0; });
      bars.sort(function (a, b) { return b[1] - a[1]; });
      bars.forEach(function (b, k) {
        var inset = k === 0 ? 0.18 : 0.34;
        row.g.insertBefore(svg('rect', { x: labelW, y: row.y + rowH * inset, width: Math.max(2, x(b[1]) - labelW),
          height: rowH * (1 - 2 * inset), 'class': b[0] }), row.value);
      });
      var end = x(Math.max(row.r.cold_ms, row.r.warm_ms));
      row.value.setAttribute('x', end + 6);
      // The slowest laptop says so inside its bar, the longest of all, where there is room;
      // else after its figures.
      if (row.r.slowest) {
        var mark = svg('text', { 'class': 'inbar', x: end - 6, y: row.y + rowH * 0.7, 'text-anchor': 'end' }, L['dash.slowest']);
        row.g.appendChild(mark);
        if (mark.getComputedTextLength() > end - labelW - 12) {
          row.g.removeChild(mark);
          row.value.appendChild(svg('tspan', {}, ' ' + L['sum.slowest']));
        }
      }
    });
    // The axis and the medians go under the bars and their figures.
    var under = rows[0].g;
    s.insertBefore(svg('line', { x1: labelW, y1: top - 2, x2: labelW, y2: H - 2, 'class': 'axis' }), under);
    [v.cold_median_ms, v.warm_median_ms].forEach(function (m) {
      if (m > 0 && v.runs.length > 1) {
        s.insertBefore(svg('line', { x1: x(m), y1: top - 2, x2: x(m), y2: H - 2, 'class': 'median' }), under);
      }
    });
  }

  // tick moves the times on by the time since the view came, between updates.
  function tick() {
    if (!view) { return; }
    var since = Date.now() - viewAt;
    document.querySelectorAll('#rows td.onstep').forEach(function (td) {
      if (td.dataset.ms !== '') { td.textContent = duration(Number(td.dataset.ms) + since); }
    });
    document.querySelectorAll('#rows td.seen').forEach(function (td) { td.textContent = ago(td.dataset.t); });
  }

  function status(kind) {
    var p = document.getElementById('status');
    p.className = 'status ' + kind;
    p.textContent = L['dash.' + kind];
  }

  function poll() {
    if (pollTimer) { return; }
    var once = function () {
      fetch('/api/class', { cache: 'no-store' })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (v) { render(v); status('polling'); })
        .catch(function () { status('offline'); })
        .then(function () { pollTimer = setTimeout(once, 2000); });
    };
    pollTimer = setTimeout(once, 0);
  }

  function connect() {
    if (!window.EventSource) { poll(); return; }
    var es = new EventSource('/api/stream');
    es.addEventListener('class', function (e) { status('live'); render(JSON.parse(e.data)); });
    es.onerror = function () {
      if (es.readyState === EventSource.CLOSED) { poll(); return; } // refused: poll instead
      status('offline'); // the browser reconnects by itself
    };
  }

  // A projector plugged in or a window resized: the chart is drawn again for its new width.
  var resizing = null;
  window.addEventListener('resize', function () {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(function () { if (view) { renderChart(view); } });
  });

  connect();
  setInterval(tick, 1000);
}());
