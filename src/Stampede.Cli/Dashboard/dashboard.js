// Stampede dashboard: polls /api/live every second, appends the new intervals to the charts (the HTML report's
// charts, from charts.js), fills the tables, and sends the control commands as JSON. Runs under a CSP that allows
// only this server's own scripts; the page never builds HTML from data (text nodes only).
(function () {
  'use strict';
  var C = window.StampedeCharts;
  var run = null, data = emptyData(), charts = C.drawAll(document, data), last = null, busy = false;

  function emptyData() {
    return { t: [], latency: { p50: [], p90: [], p95: [], p99: [], max: [] }, rps: [], errps: [], iterps: [], vus: [], cpu: [],
      target: null, achieved: null, spectrum: { x: [], y: [] }, changes: [] };
  }
  function $(id) { return document.getElementById(id); }
  function text(id, value) { $(id).textContent = value; }
  function cell(row, value, cls) {
    var td = document.createElement('td');
    td.textContent = value == null ? '-' : value;
    if (cls) { td.className = cls; }
    row.appendChild(td);
    return td;
  }
  function fill(tbody, rows, empty, columns) {
    var body = $(tbody);
    while (body.firstChild) { body.removeChild(body.firstChild); }
    if (!rows.length) {
      var tr = document.createElement('tr');
      cell(tr, empty, 'none').colSpan = columns;
      body.appendChild(tr);
    }
    for (var i = 0; i < rows.length; i++) { body.appendChild(rows[i]); }
  }

  // Appends a slice of intervals (from the server's chart data) to what the charts have.
  function append(slice) {
    var had = data.t.length;
    data.t = data.t.concat(slice.t);
    ['p50', 'p90', 'p95', 'p99', 'max'].forEach(function (p) { data.latency[p] = data.latency[p].concat(slice.latency[p]); });
    ['rps', 'errps', 'iterps', 'vus', 'cpu'].forEach(function (k) { data[k] = data[k].concat(slice[k]); });
    if (slice.target) {
      if (!data.target) { data.target = new Array(had).fill(null); data.achieved = new Array(had).fill(null); }
      data.target = data.target.concat(slice.target);
      data.achieved = data.achieved.concat(slice.achieved);
    } else if (data.target) {
      data.target = data.target.concat(new Array(slice.t.length).fill(null));
      data.achieved = data.achieved.concat(new Array(slice.t.length).fill(null));
    }
    data.spectrum = slice.spectrum;
    data.changes = slice.changes || [];
  }

  function render(live) {
    if (live.run !== run) { run = live.run; data = emptyData(); }
    if (live.charts && live.from === data.t.length) {
      append(live.charts);
      for (var i = 0; i < charts.length; i++) { charts[i].update(data); }
    }
    var state = live.state;
    var badge = $('state');
    badge.textContent = state === 'finished' && live.outcome ? live.outcome : state;
    badge.className = 'badge ' + (state === 'running' ? 'running' : state === 'finished' && live.outcome === 'completed' ? 'pass' : 'warn');
    text('subtitle', live.scenarios.map(function (s) { return s.name + ': ' + s.description; }).join(' · ') + (live.failure ? ' — ' + live.failure : ''));
    var k = live.kpis || {};
    text('kpi-vus', C.num(k.vus, 0));
    $('kpi-vus').title = live.controls.users != null ? 'asked for: ' + live.controls.users : '';
    text('kpi-rps', C.num(k.rps, 1));
    text('kpi-requests', C.num(k.requests, 0));
    text('kpi-failures', k.requests ? C.num(100 * k.failRate, 2) + '%' : '-');
    text('kpi-p95', C.ms(k.p95));
    text('kpi-elapsed', live.elapsed != null ? C.clock(live.elapsed) + (live.planned ? ' / ' + C.clock(live.planned) : '') : '-');
    controls(live);
    tables(live);
  }

  function controls(live) {
    var c = live.controls;
    $('start-form').hidden = !c.canStart;
    $('change-form').hidden = !(c.canChangeUsers || c.canChangeRate);
    document.querySelectorAll('.change-users').forEach(function (e) { e.classList.toggle('hidden-by-model', !c.canChangeUsers); });
    document.querySelectorAll('.change-rate').forEach(function (e) { e.classList.toggle('hidden-by-model', !c.canChangeRate); });
    $('stop').hidden = !c.canStop;
    $('stop').disabled = live.state === 'stopping';
    $('reset').hidden = !c.canReset;
    // The change fields show the current settings until the user edits them.
    if (c.canChangeUsers && document.activeElement !== $('change-users') && !$('change-users').dataset.edited) { $('change-users').value = c.users; }
    if (c.canChangeRate && document.activeElement !== $('change-rate') && !$('change-rate').dataset.edited) { $('change-rate').value = c.rate; }
    text('scenarios', live.mode === 'watch' ? 'Watching a run started from the command line.' : '');
  }

  function tables(live) {
    var rows = (live.requests || []).map(function (r) {
      var tr = document.createElement('tr');
      cell(tr, r.name || '(unnamed)'); cell(tr, r.method);
      cell(tr, C.num(r.requests, 0), 'num'); cell(tr, C.num(r.failures, 0), r.failures ? 'num bad' : 'num');
      cell(tr, C.num(r.rps, 1), 'num'); cell(tr, C.ms(r.avg), 'num'); cell(tr, C.ms(r.min), 'num'); cell(tr, C.ms(r.p50), 'num');
      cell(tr, C.ms(r.p90), 'num'); cell(tr, C.ms(r.p95), 'num'); cell(tr, C.ms(r.p99), 'num'); cell(tr, C.ms(r.max), 'num');
      cell(tr, C.num(r.bytes, 0) + ' B', 'num');
      return tr;
    });
    fill('requests-body', rows, 'No requests yet.', 13);

    rows = (live.errors || []).map(function (e) {
      var tr = document.createElement('tr');
      cell(tr, e.kind); cell(tr, C.num(e.count, 0), 'num');
      var td = cell(tr, null), list = document.createElement('ul');
      td.textContent = '';
      list.className = 'messages';
      e.messages.forEach(function (m) {
        var li = document.createElement('li');
        li.textContent = m.message + ' (×' + C.num(m.count, 0) + ', first at ' + C.clock(m.firstSeen) + ')';
        list.appendChild(li);
      });
      td.appendChild(list);
      return tr;
    });
    fill('failures-body', rows, 'No failures.', 3);

    rows = (live.thresholds || []).map(function (t) {
      var tr = document.createElement('tr');
      cell(tr, t.threshold); cell(tr, t.observed == null ? '-' : C.num(t.observed, 3), 'num');
      cell(tr, t.passed ? '✓ holds' : '✗ crossed', t.passed ? 'ok' : 'bad');
      return tr;
    });
    fill('thresholds-body', rows, 'No thresholds.', 3);

    var g = live.generator, facts = $('generator-facts');
    while (facts.firstChild) { facts.removeChild(facts.firstChild); }
    if (g) {
      [['CPU now', C.num(g.cpu, 1) + '% of ' + g.cores + ' cores'], ['CPU highest', C.num(g.cpuMax, 1) + '%'],
        ['Connections', C.num(g.connections, 0)], ['GC pauses', C.num(g.gcPauseMs, 1) + ' ms'],
        ['Dropped iterations', C.num(g.dropped, 0)], ['Scheduling lag p99', g.lagP99 == null ? '-' : C.ms(g.lagP99)]]
        .forEach(function (f) {
          var dt = document.createElement('dt'), dd = document.createElement('dd');
          dt.textContent = f[0]; dd.textContent = f[1];
          facts.appendChild(dt); facts.appendChild(dd);
        });
    }
    var warnings = $('generator-warnings');
    while (warnings.firstChild) { warnings.removeChild(warnings.firstChild); }
    (g ? g.warnings : []).forEach(function (w) { var li = document.createElement('li'); li.textContent = w; warnings.appendChild(li); });
  }

  function message(textValue, ok) {
    var m = $('message');
    m.textContent = textValue;
    m.className = 'message ' + (ok ? 'ok' : 'error');
  }

  function poll() {
    if (busy) { return; }
    busy = true;
    fetch('/api/live?from=' + data.t.length, { cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) { return response.text().then(function (t) { throw new Error(t || response.statusText); }); }
        return response.json();
      })
      .then(function (live) { last = live; render(live); })
      .catch(function (error) { $('state').textContent = 'disconnected'; message(String(error.message || error), false); })
      .then(function () { busy = false; window.setTimeout(poll, 1000); });
  }

  function send(path, body) {
    return fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify(body || {}) })
      .then(function (response) {
        if (response.ok) { return true; }
        return response.text().then(function (t) { throw new Error(t.trim() || response.statusText); });
      });
  }
  function numberOrNull(id) { var v = $(id).value.trim(); return v === '' ? null : Number(v); }
  function model() { return $('model-rate').checked ? 'rate' : 'users'; }
  function showModel() {
    var rate = model() === 'rate';
    document.querySelectorAll('.users-only').forEach(function (e) { e.classList.toggle('hidden-by-model', rate); });
    document.querySelectorAll('.rate-only').forEach(function (e) { e.classList.toggle('hidden-by-model', !rate); });
  }

  $('model-users').addEventListener('change', showModel);
  $('model-rate').addEventListener('change', showModel);
  showModel();
  ['change-users', 'change-rate'].forEach(function (id) { $(id).addEventListener('input', function () { $(id).dataset.edited = '1'; }); });

  $('start-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var body = { model: model(), duration: $('duration').value.trim(), maxVUs: numberOrNull('max-vus') };
    if (body.model === 'users') { body.users = numberOrNull('users'); body.spawnRate = numberOrNull('spawn-rate'); } else { body.rate = numberOrNull('rate'); }
    send('/api/start', body).then(function () { message('Started.', true); }, function (e) { message(e.message, false); });
  });
  $('change-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var body = {};
    if (last && last.controls.canChangeUsers) { body.users = numberOrNull('change-users'); body.spawnRate = numberOrNull('change-spawn'); }
    if (last && last.controls.canChangeRate) { body.rate = numberOrNull('change-rate'); }
    send('/api/change', body).then(function () {
      delete $('change-users').dataset.edited; delete $('change-rate').dataset.edited;
      message('Changed.', true);
    }, function (e) { message(e.message, false); });
  });
  $('stop').addEventListener('click', function () {
    send('/api/stop').then(function () { message('Stopping: iterations in flight are finishing.', true); }, function (e) { message(e.message, false); });
  });
  $('reset').addEventListener('click', function () {
    send('/api/reset').then(function () { message('', true); }, function (e) { message(e.message, false); });
  });

  poll();
})();
