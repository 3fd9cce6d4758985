// The dashboard's logic: polls this peer's JSON routes (the same ones the CLI and ipfs-cluster clients use) and
// redraws the page from what came back. Every source is fetched on its own, so a slow one (GET /peers waits for an
// unreachable peer's answer) never holds the others back. Values are inserted as text only, never as markup.
'use strict';

(() => {
  const params = new URLSearchParams(location.search);
  /** Seconds between two polls: ?refresh=N (0.5 to 600), 2 by default. */
  const REFRESH_MS = (() => {
    const s = Number.parseFloat(params.get('refresh') || '2');
    return Number.isFinite(s) ? Math.min(600, Math.max(0.5, s)) * 1000 : 2000;
  })();
  /** GET /pins walks the whole pinset on every peer: counted less often, and only its first pins. */
  const PIN_SAMPLE = 10000;
  const PIN_EVERY_TICKS = Math.max(1, Math.round(10000 / REFRESH_MS));
  const TIMEOUT_MS = Math.max(15000, 2 * REFRESH_MS);
  const LIST_ROWS = 15;
  const ERROR_STATUSES = new Set(['pin_error', 'unpin_error', 'cluster_error', 'error']);

  /** What each source fetches; `every` = once every so many ticks. */
  const sources = {
    id: { path: '/id' },
    peers: { path: '/peers', ndjson: true },
    repair: { path: '/health/repair' },
    zone: { path: '/monitor/metrics/tag:zone' },
    freespace: { path: '/monitor/metrics/freespace' },
    diskusage: { path: '/monitor/metrics/diskusage' },
    numpin: { path: '/monitor/metrics/numpin' },
    pinqueue: { path: '/monitor/metrics/pinqueue' },
    moves: { path: '/health/moves?limit=' + LIST_ROWS },
    alerts: { path: '/health/alerts' },
    pins: { path: '/pins', ndjson: true, limit: PIN_SAMPLE, every: PIN_EVERY_TICKS },
  };
  const model = {};
  const errors = new Map();
  /** The last zone and name seen for each peer: a down peer publishes no metrics, but its row keeps its zone. */
  const zones = new Map();
  const names = new Map();
  /** The highest under-replicated count of the repair going on, to show how much of it is done. */
  let peak = 0;
  let tickNo = 0;
  let updatedAt = null;

  const $ = (id) => document.getElementById(id);

  async function fetchSource(source) {
    const response = await fetch(new URL(source.path, location.origin), {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'same-origin',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) {
      let message = response.statusText;
      try {
        message = (await response.json()).message || message;
      } catch (ignored) {
        // not a JSON error body: the status line says enough
      }
      if (response.status === 401) {
        message += ' (reload the page to sign in again)';
      }
      throw new Error('GET ' + source.path + ': ' + response.status + ' ' + message);
    }
    if (response.status === 204) {
      return source.ndjson ? { items: [], capped: false } : null;
    }
    return source.ndjson ? readLines(response, source.limit || Infinity) : response.json();
  }

  /** An NDJSON stream's objects, stopping (and cancelling the stream) after `limit` of them. */
  async function readLines(response, limit) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const items = [];
    let buffered = '';
    for (;;) {
      const { done, value } = await reader.read();
      buffered += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = buffered.split('\n');
      buffered = done ? '' : lines.pop();
      for (const line of lines) {
        if (line.trim() === '') {
          continue;
        }
        if (items.length >= limit) {
          await reader.cancel();
          return { items, capped: true };
        }
        items.push(JSON.parse(line));
      }
      if (done) {
        return { items, capped: false };
      }
    }
  }

  function tick() {
    for (const [key, source] of Object.entries(sources)) {
      if (source.busy || (source.every && tickNo % source.every !== 0)) {
        continue;
      }
      source.busy = true;
      fetchSource(source)
        .then((value) => {
          model[key] = value;
          errors.delete(key);
          updatedAt = new Date();
        }, (e) => errors.set(key, e.name === 'TimeoutError' ? 'GET ' + source.path + ': no answer in '
          + TIMEOUT_MS / 1000 + ' s' : e.message))
        .finally(() => {
          source.busy = false;
          render();
        });
    }
    tickNo++;
  }

  // ---- drawing ----

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    if (className) {
      e.className = className;
    }
    return e;
  }

  function row(cells) {
    const tr = document.createElement('tr');
    cells.forEach((c) => tr.appendChild(c instanceof Node ? c : el('td', c)));
    return tr;
  }

  function td(text, className, title) {
    const cell = el('td', text, className);
    if (title) {
      cell.title = title;
    }
    return cell;
  }

  function replaceRows(tableId, rows, emptyText) {
    const body = $(tableId).tBodies[0];
    body.replaceChildren(...rows);
    if (rows.length === 0 && emptyText) {
      const cell = el('td', emptyText, 'muted');
      cell.colSpan = $(tableId).tHead.rows[0].cells.length;
      body.appendChild(row([cell]));
    }
  }

  function byPeer(metrics) {
    const out = new Map();
    (metrics || []).forEach((m) => out.set(m.peer, m.value));
    return out;
  }

  function bytes(n) {
    if (!Number.isFinite(n)) {
      return '–';
    }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) {
      n /= 1024;
      i++;
    }
    return (i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + ' ' + units[i];
  }

  function duration(seconds) {
    if (!Number.isFinite(seconds) || seconds <= 0) {
      return '0 s';
    }
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = Math.floor(seconds % 60);
    return h > 0 ? h + ' h ' + m + ' min' : m > 0 ? m + ' min ' + s + ' s' : s + ' s';
  }

  function time(date) {
    return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(11, 19) + ' UTC';
  }

  function shortId(id) {
    return id && id.length > 14 ? id.slice(0, 6) + '…' + id.slice(-6) : id || '';
  }

  function peerName(id) {
    return names.get(id) || shortId(id);
  }

  function render() {
    renderHeader();
    renderPeers();
    renderRepair();
    renderPins();
    renderMoves();
    renderAlerts();
    const box = $('errors');
    box.hidden = errors.size === 0;
    box.textContent = [...errors.values()].join('\n');
  }

  function renderHeader() {
    const self = model.id;
    if (self) {
      names.set(self.id, self.peername || shortId(self.id));
      const raft = self.raft || {};
      const leader = raft.leader ? (raft.leader === self.id ? 'this peer leads' : 'leader ' + peerName(raft.leader))
        : 'no leader';
      $('self').textContent = (self.peername || '') + ' ' + shortId(self.id) + ' · ' + (raft.role || '?') + ' · '
        + leader;
    }
    $('updated').textContent = updatedAt ? 'updated ' + time(updatedAt) + ' · every ' + REFRESH_MS / 1000 + ' s' : '';
  }

  function renderPeers() {
    const listed = (model.peers && model.peers.items) || [];
    const conditions = (model.repair && model.repair.peers) || {};
    const info = new Map();
    listed.forEach((p) => {
      info.set(p.id, p);
      if (p.peername) {
        names.set(p.id, p.peername);
      }
    });
    const zoneNow = byPeer(model.zone);
    zoneNow.forEach((zone, peer) => zones.set(peer, zone));
    const free = byPeer(model.freespace);
    const disk = byPeer(model.diskusage);
    const pins = byPeer(model.numpin);
    const queue = byPeer(model.pinqueue);
    const ids = new Set([...info.keys(), ...Object.keys(conditions)]);
    const leader = model.id && model.id.raft ? model.id.raft.leader : null;
    const counts = { up: 0, suspect: 0, down: 0 };
    const rows = [...ids].sort((a, b) => (zones.get(a) || '~').localeCompare(zones.get(b) || '~')
      || peerName(a).localeCompare(peerName(b))).map((id) => {
      const condition = conditions[id] || {};
      const state = condition.state || 'unknown';
      counts[state] = (counts[state] || 0) + 1;
      const notes = [];
      if (id === leader) {
        notes.push('Raft leader');
      }
      if (condition.drain && condition.drain !== 'none') {
        notes.push('draining (' + condition.drain + ')');
      }
      if (condition.maintenance_until) {
        notes.push('maintenance until ' + time(new Date(condition.maintenance_until)));
      }
      if (condition.disk_pressure) {
        notes.push('disk pressure: pins moving off');
      }
      if (state !== 'up' && condition.since) {
        notes.push(state + ' since ' + time(new Date(condition.since)));
      }
      const error = info.has(id) ? info.get(id).error : '';
      if (error) {
        notes.push(error);
      }
      let used = '–';
      let usedTitle = '';
      if (disk.has(id)) {
        const [u, capacity] = disk.get(id).split('/').map(Number);
        if (capacity > 0) {
          used = Math.round((100 * u) / capacity) + ' %';
          usedTitle = bytes(u) + ' of ' + bytes(capacity);
        }
      }
      const badge = el('span', state, 'badge state-' + state);
      const stateCell = el('td');
      stateCell.appendChild(badge);
      const tr = row([
        td(peerName(id), 'peer', id),
        td(zones.get(id) || '–', 'zone'),
        stateCell,
        td(free.has(id) ? bytes(Number(free.get(id))) : '–', 'num free'),
        td(used, 'num disk', usedTitle),
        td(pins.has(id) ? pins.get(id) : '–', 'num pins'),
        td(queue.has(id) ? queue.get(id) : '–', 'num queue'),
        td(notes.join(' · '), 'notes'),
      ]);
      tr.className = 'state-' + state;
      tr.dataset.peer = id;
      tr.dataset.state = state;
      return tr;
    });
    replaceRows('peers', rows, 'no peers yet');
    $('peer-counts').textContent = ids.size === 0 ? ''
      : counts.up + ' up, ' + counts.suspect + ' suspect, ' + counts.down + ' down';
  }

  function renderRepair() {
    const r = model.repair;
    const note = $('repair-note');
    const fields = ['under_replicated', 'waiting_for_grace', 'lost', 'moving', 'queued', 'in_flight', 'repaired'];
    if (!r || !r.leader) {
      // Only the leader plans repairs, so only its counts mean anything.
      fields.forEach((f) => setCard(f.replace(/_/g, '-'), '–', false));
      setCard('eta', '–', false);
      const leader = model.id && model.id.raft ? model.id.raft.leader : null;
      note.hidden = !r;
      note.textContent = 'The repair counts and allocation changes are kept by the Raft leader'
        + (leader ? ' (' + peerName(leader) + ')' : '') + ': open the dashboard on that peer to see them.';
      $('repair-progress-text').textContent = '';
      return;
    }
    note.hidden = r.enabled;
    note.textContent = r.enabled ? '' : 'Repair is switched off (repair.enabled): nothing is re-allocated.';
    fields.forEach((f) => setCard(f.replace(/_/g, '-'), r[f],
      (f === 'under_replicated' || f === 'lost') && r[f] > 0));
    const pending = r.queued + r.in_flight;
    setCard('eta', pending > 0 ? duration(r.eta_seconds) : '–', false);
    const under = r.under_replicated;
    peak = under > 0 ? Math.max(peak, under) : 0;
    const done = peak > 0 ? (peak - under) / peak : 1;
    $('repair-progress').querySelector('.bar').style.width = Math.round(done * 100) + '%';
    $('repair-progress-text').textContent = under > 0
      ? (peak - under) + ' of ' + peak + ' under-replicated pins repaired so far'
      + (r.waiting_for_grace > 0 ? ', ' + r.waiting_for_grace + ' wait for the grace' : '')
      : 'every pin has its copies';
    const kinds = Object.entries(r.moves_by_kind || {}).filter(([, n]) => n > 0).map(([k, n]) => k + ' ' + n);
    $('moves-by-kind').textContent = kinds.length ? 'moves committed by this leader: ' + kinds.join(', ') : '';
    $('lost-sample').textContent = r.lost_sample && r.lost_sample.length
      ? 'lost (no live peer holds them): ' + r.lost_sample.join(' ') : '';
  }

  function setCard(id, value, alarm) {
    const e = $(id);
    e.textContent = value;
    e.parentElement.classList.toggle('alarm', alarm);
  }

  function renderPins() {
    const sample = model.pins;
    if (!sample) {
      return;
    }
    const pinsWith = new Map();
    const copies = new Map();
    sample.items.forEach((g) => {
      const seen = new Set();
      Object.values(g.peer_map || {}).forEach((info) => {
        copies.set(info.status, (copies.get(info.status) || 0) + 1);
        seen.add(info.status);
      });
      seen.forEach((s) => pinsWith.set(s, (pinsWith.get(s) || 0) + 1));
    });
    const rows = [...copies.keys()].sort((a, b) => copies.get(b) - copies.get(a)).map((status) => {
      const tr = row([td(status, ERROR_STATUSES.has(status) ? 'status-error' : ''),
        td(pinsWith.get(status), 'num'), td(copies.get(status), 'num')]);
      tr.dataset.status = status;
      return tr;
    });
    replaceRows('pin-status', rows, 'no pins');
    $('pins-counted').textContent = sample.capped ? '(the first ' + sample.items.length + ' pins)'
      : '(' + sample.items.length + ' pins)';
  }

  function renderMoves() {
    const rows = (model.moves || []).slice(0, LIST_ROWS).map((m) => {
      const tr = row([td(time(new Date(m.at))), td(m.kind, 'kind'), td(shortId(m.cid), 'mono', m.cid),
        td((m.from || []).map(peerName).join(', ')), td((m.to || []).map(peerName).join(', ')),
        td(m.reason, 'reason')]);
      tr.dataset.kind = m.kind;
      return tr;
    });
    replaceRows('moves', rows, model.repair && !model.repair.leader ? 'kept by the leader' : 'none yet');
  }

  function renderAlerts() {
    const rows = (model.alerts || []).slice(0, LIST_ROWS).map((a) =>
      row([td(time(new Date(a.triggered_at / 1e6))), td(peerName(a.peer)), td(a.name)]));
    replaceRows('alerts', rows, 'none');
  }

  tick();
  setInterval(tick, REFRESH_MS);
})();
