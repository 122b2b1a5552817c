// The live room's client: keeps the server-rendered page current over a WebSocket.
// Protocol: server/breakfasts/protocol.ts. Plain JS, no build step; loaded with `defer`.
(function () {
  'use strict';

  var PROTOCOL_VERSION = 2;
  var root = document.getElementById('live-room');
  if (!root || !('WebSocket' in window)) {
    showOffline();
    return;
  }

  var breakfastId = root.dataset.breakfast;
  var viewerId = root.dataset.viewer;
  var isHost = root.dataset.host === 'true';
  var $ = function (id) { return document.getElementById(id); };

  var texts = {};
  Array.prototype.forEach.call(document.querySelectorAll('#live-strings [data-key]'), function (li) {
    texts[li.dataset.key] = li.textContent;
  });
  function text(key, params) {
    var template = texts[key] || '';
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return params && params[name] !== undefined ? String(params[name]) : whole;
    });
  }

  var cards = {};
  Array.prototype.forEach.call(document.querySelectorAll('#live-cards .live-card'), function (card) {
    cards[card.dataset.attendee] = card;
  });
  function nameOf(id) {
    var card = cards[id];
    return card ? card.dataset.name : '';
  }

  // Someone who registered after this page was loaded (a late guest) has no card yet: fetch the
  // page once more and take the cards from it, then draw again.
  var fetchingCards = false;
  function ensureCards(ids) {
    var missing = ids.filter(function (id) { return id && !cards[id]; });
    if (missing.length === 0 || fetchingCards) return;
    fetchingCards = true;
    fetch(location.pathname, { credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : ''; })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        var store = $('live-cards');
        Array.prototype.forEach.call(fresh.querySelectorAll('#live-cards .live-card'), function (card) {
          if (cards[card.dataset.attendee]) return;
          var adopted = document.importNode(card, true);
          store.appendChild(adopted);
          cards[adopted.dataset.attendee] = adopted;
        });
        if (view) {
          // A speaker drawn without a card is drawn (and announced) again, now with one.
          if (!$('live-speaker').firstChild) lastSpeaker = null;
          render();
        }
        if (lastOnline) renderPresence(lastOnline);
      })
      .catch(function () {})
      .then(function () {
        // Ask again at most once a minute for ids that are still unknown.
        setTimeout(function () { fetchingCards = false; }, 60000);
      });
  }

  // ---- state ----
  var view = null;
  var shownVersion = Number(root.dataset.version) || 0;
  var clockOffset = 0; // server time minus local time
  var lastSpeaker = null;
  var socket = null;
  var attempts = 0;
  var failuresInARow = 0;
  var everConnected = false;
  var lastOnline = null;
  // The speaking order's ids travel only when they change (protocol.ts, WireView): kept here.
  var speakers = [];
  var speakersKey = null;
  var syncAskedFor = null;

  // ---- connection ----
  function connect() {
    setConnection(everConnected ? 'live.connection.reconnecting' : 'live.connection.connecting');
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    try {
      socket = new WebSocket(scheme + location.host + '/breakfasts/' + breakfastId + '/socket');
    } catch (e) {
      scheduleReconnect();
      return;
    }
    var opened = false;
    socket.addEventListener('open', function () {
      opened = true;
      everConnected = true;
      attempts = 0;
      failuresInARow = 0;
      $('live-offline').hidden = true;
      setConnection('live.connection.online');
      send({ type: 'sync' });
      updateVisibility();
    });
    socket.addEventListener('message', function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (!message || message.v !== PROTOCOL_VERSION) return;
      if (message.type === 'state') onState(message);
      else if (message.type === 'presence') renderPresence(message.online || []);
      else if (message.type === 'error') feedback(text('live.errors.' + message.code) || message.code, true);
    });
    socket.addEventListener('close', function () {
      socket = null;
      if (!opened) failuresInARow++;
      updateVisibility();
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    // After a few attempts that never got through (a proxy or firewall blocking WebSockets), say so.
    if (failuresInARow >= 3) showOffline();
    var delay = Math.min(15000, 500 * Math.pow(2, attempts)) * (0.75 + Math.random() * 0.5);
    attempts++;
    setTimeout(connect, delay);
  }

  function send(message) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    message.v = PROTOCOL_VERSION;
    socket.send(JSON.stringify(message));
    return true;
  }

  // A phone waking up: its socket may be dead without knowing it; ask for the round as it is.
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') send({ type: 'sync' });
  });

  // ---- rendering ----
  function onState(message) {
    var wire = message.view;
    if (wire.version < shownVersion && view !== null) return;
    if (wire.speakers) {
      speakers = wire.speakers;
      speakersKey = wire.speakersKey;
    } else if (wire.speakersKey !== speakersKey) {
      // A view of a speaking order this page has not got (it missed a message): ask for the whole round.
      if (syncAskedFor !== wire.speakersKey && send({ type: 'sync' })) syncAskedFor = wire.speakersKey;
      return;
    }
    shownVersion = wire.version;
    clockOffset = message.serverNow - Date.now();
    view = expand(wire);
    render();
    ensureCards(speakers);
  }

  // The wire view with its order spelled out again, as render() reads it.
  function expand(wire) {
    var full = {};
    Object.keys(wire).forEach(function (key) { full[key] = wire[key]; });
    full.order = speakers.map(function (id, i) {
      var slot = wire.slots.charAt(i);
      return { attendeeId: id, done: slot === 'd', skipped: slot === 's', pledgeCount: wire.pledgeCounts[id] || 0 };
    });
    return full;
  }

  function render() {
    $('live-status').textContent = text('live.status.' + view.status);
    renderSpeaker();
    var next = view.nextSpeakerId ? nameOf(view.nextSpeakerId) : '';
    $('live-next').textContent = next ? text('live.next', { name: next }) : '';
    $('live-ended').hidden = view.status !== 'ended';
    renderOrder();
    updateVisibility();
    tick();
  }

  function renderSpeaker() {
    var target = $('live-speaker');
    var speaker = view.currentSpeakerId;
    if (speaker !== lastSpeaker) {
      target.textContent = '';
      var card = speaker && cards[speaker];
      if (card) {
        target.appendChild(card.cloneNode(true));
        announce(text('live.announce.speaker', { name: nameOf(speaker) }));
      } else if (view.status === 'ended') announce(text('live.announce.ended'));
      lastSpeaker = speaker;
    }
    $('live-timer').hidden = !speaker;
  }

  function renderOrder() {
    var list = $('live-order');
    list.textContent = '';
    var empty = $('live-order-empty');
    if (empty) empty.hidden = view.order.length > 0;
    view.order.forEach(function (slot) {
      var li = document.createElement('li');
      li.dataset.attendee = slot.attendeeId;
      li.appendChild(document.createTextNode(nameOf(slot.attendeeId)));
      var pending = !slot.done && !slot.skipped && slot.attendeeId !== view.currentSpeakerId;
      if (slot.attendeeId === view.currentSpeakerId) li.className = 'live-order__current';
      if (slot.done || slot.skipped) {
        li.className = slot.done ? 'live-order__done' : 'live-order__skipped';
        var note = document.createElement('span');
        note.className = 'small muted';
        note.textContent = ' ' + text(slot.done ? 'live.order.done' : 'live.order.skipped');
        li.appendChild(note);
      }
      if (isHost && pending && (view.status === 'running' || view.status === 'paused')) {
        li.appendChild(orderButton('move_up', slot.attendeeId));
        li.appendChild(orderButton('skip', slot.attendeeId));
      }
      list.appendChild(li);
    });
  }

  function orderButton(command, attendeeId) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button--small';
    button.textContent = text('live.order.' + command);
    button.setAttribute('aria-label', text('live.order.' + command) + ': ' + nameOf(attendeeId));
    button.addEventListener('click', function () {
      send({ type: 'command', command: { type: command, attendeeId: attendeeId } });
    });
    return button;
  }

  function renderPresence(online) {
    lastOnline = online;
    ensureCards(online);
    var list = $('live-present');
    list.textContent = '';
    var people = online.filter(function (id) { return cards[id]; }).sort(function (a, b) {
      return nameOf(a).localeCompare(nameOf(b));
    });
    people.forEach(function (id) {
      var li = document.createElement('li');
      li.textContent = nameOf(id);
      if (cards[id].dataset.kind === 'guest') {
        var badge = document.createElement('span');
        badge.className = 'badge badge--muted';
        badge.textContent = text('live.guest');
        li.appendChild(document.createTextNode(' '));
        li.appendChild(badge);
      }
      list.appendChild(li);
    });
    $('live-present-count').textContent = String(people.length);
  }

  function updateVisibility() {
    var connected = socket !== null && socket.readyState === WebSocket.OPEN;
    var live = view !== null && (view.status === 'running' || view.status === 'paused');
    var speakerIsMe = view !== null && view.currentSpeakerId === viewerId;
    $('live-actions').hidden = !(connected && live && !speakerIsMe);
    var controls = $('live-controls');
    if (!controls) return;
    controls.hidden = !connected || view === null || view.status === 'ended';
    $('live-start-form').hidden = view === null || view.status !== 'waiting';
    $('live-run-controls').hidden = !live;
    var pause = controls.querySelector('[data-command="pause"]');
    var resume = controls.querySelector('[data-command="resume"]');
    pause.hidden = view === null || view.status !== 'running';
    resume.hidden = view === null || view.status !== 'paused';
  }

  // ---- countdown: the same on every screen, counted against the server's clock ----
  function remainingMs() {
    if (!view || view.remainingMs === null) return null;
    if (view.status !== 'running' || view.endsAt === null) return view.remainingMs;
    return Math.max(0, view.endsAt - (Date.now() + clockOffset));
  }

  function tick() {
    var ms = remainingMs();
    if (ms === null) return;
    var seconds = Math.ceil(ms / 1000);
    var clock = Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');
    var time = $('live-countdown').querySelector('time');
    if (time.textContent !== clock) time.textContent = clock;
    var lastTen = ms > 0 && ms <= 10000;
    var up = ms <= 0;
    var timer = $('live-timer');
    timer.classList.toggle('live-timer--last', lastTen);
    timer.classList.toggle('live-timer--up', up);
    var cue = up ? text('live.cue.thanks') : lastTen ? text('live.cue.last_ten') : '';
    var cueEl = $('live-cue');
    if (cueEl.textContent !== cue) cueEl.textContent = cue;
  }
  setInterval(tick, 250);

  // ---- what people do ----
  function feedback(message, isError) {
    var el = $('live-feedback');
    el.textContent = message;
    el.classList.toggle('error', Boolean(isError));
  }

  function announce(message) {
    $('live-announce').textContent = message;
  }

  $('live-pledge-form').addEventListener('submit', function (event) {
    event.preventDefault();
    if (!view || !view.currentSpeakerId) return;
    var input = $('live-pledge-note');
    var note = input.value.trim();
    var message = { type: 'pledge', forAttendeeId: view.currentSpeakerId };
    if (note) message.note = note;
    if (send(message)) {
      input.value = '';
      feedback(text('live.pledge.sent'), false);
    }
  });

  $('live-one-to-one').addEventListener('click', function () {
    if (!view || !view.currentSpeakerId) return;
    if (send({ type: 'one_to_one', withAttendeeId: view.currentSpeakerId })) feedback(text('live.one_to_one.sent'), false);
  });

  if (isHost) {
    $('live-start-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var form = event.currentTarget;
      var mode = form.querySelector('input[name="mode"]:checked');
      send({
        type: 'command',
        command: { type: 'start', mode: mode ? mode.value : 'roster', secondsEach: Number($('live-seconds').value) },
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll('#live-run-controls [data-command]'), function (button) {
      button.addEventListener('click', function () {
        var command = { type: button.dataset.command };
        if (command.type === 'extend') command.seconds = Number(button.dataset.seconds);
        send({ type: 'command', command: command });
      });
    });
  }

  function setConnection(key) {
    var el = $('live-connection');
    el.hidden = false;
    el.textContent = text(key);
  }

  function showOffline() {
    var alert = document.getElementById('live-offline');
    if (alert) alert.hidden = false;
  }

  connect();
})();
