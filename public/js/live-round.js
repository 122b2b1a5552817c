// The live room's client: keeps the server-rendered page current over a WebSocket.
// Protocol: server/live-round/protocol.ts. Plain JS, no build step; loaded with `defer` after
// live-room-page.js (texts, cards) and live-room-render.js (drawing a view).
(function () {
  'use strict';

  var PROTOCOL_VERSION = 2;
  var page = window.KreisLive;
  var root = document.getElementById('live-room');
  if (!page || !root || !('WebSocket' in window)) {
    var alert = document.getElementById('live-offline');
    if (alert) alert.hidden = false;
    return;
  }

  var $ = page.$;
  var text = page.text;
  var breakfastId = root.dataset.breakfast;
  var isHost = root.dataset.host === 'true';

  // ---- state ----
  var shownVersion = Number(root.dataset.version) || 0;
  var socket = null;
  var attempts = 0;
  var failuresInARow = 0;
  var everConnected = false;
  // The speaking order's ids travel only when they change (protocol.ts, WireView): kept here.
  var speakers = [];
  var speakersKey = null;
  var syncAskedFor = null;

  var renderer = page.createRenderer({
    isHost: isHost,
    viewerId: root.dataset.viewer,
    send: send,
    connected: function () { return socket !== null && socket.readyState === WebSocket.OPEN; },
  });

  // ---- connection ----
  function connect() {
    page.setConnection(everConnected ? 'live.connection.reconnecting' : 'live.connection.connecting');
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
      page.setConnection('live.connection.online');
      send({ type: 'sync' });
      renderer.updateVisibility();
    });
    socket.addEventListener('message', function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (!message || message.v !== PROTOCOL_VERSION) return;
      if (message.type === 'state') onState(message);
      else if (message.type === 'presence') renderer.renderPresence(message.online || []);
      else if (message.type === 'error') page.feedback(text('live.errors.' + message.code) || message.code, true);
    });
    socket.addEventListener('close', function () {
      socket = null;
      if (!opened) failuresInARow++;
      renderer.updateVisibility();
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    // After a few attempts that never got through (a proxy or firewall blocking WebSockets), say so.
    if (failuresInARow >= 3) page.showOffline();
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

  function onState(message) {
    var wire = message.view;
    if (wire.version < shownVersion && renderer.current() !== null) return;
    if (wire.speakers) {
      speakers = wire.speakers;
      speakersKey = wire.speakersKey;
    } else if (wire.speakersKey !== speakersKey) {
      // A view of a speaking order this page has not got (it missed a message): ask for the whole round.
      if (syncAskedFor !== wire.speakersKey && send({ type: 'sync' })) syncAskedFor = wire.speakersKey;
      return;
    }
    shownVersion = wire.version;
    renderer.show(expand(wire), message.serverNow - Date.now());
    renderer.ensureCards(speakers);
  }

  // The wire view with its order spelled out again, as the renderer reads it.
  function expand(wire) {
    var full = {};
    Object.keys(wire).forEach(function (key) { full[key] = wire[key]; });
    full.order = speakers.map(function (id, i) {
      var slot = wire.slots.charAt(i);
      return { attendeeId: id, done: slot === 'd', skipped: slot === 's', pledgeCount: wire.pledgeCounts[id] || 0 };
    });
    return full;
  }

  // ---- what people do ----
  function currentSpeaker() {
    var view = renderer.current();
    return view ? view.currentSpeakerId : null;
  }

  $('live-pledge-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var speaker = currentSpeaker();
    if (!speaker) return;
    var input = $('live-pledge-note');
    var note = input.value.trim();
    var message = { type: 'pledge', forAttendeeId: speaker };
    if (note) message.note = note;
    if (send(message)) {
      input.value = '';
      page.feedback(text('live.pledge.sent'), false);
    }
  });

  $('live-one-to-one-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var speaker = currentSpeaker();
    if (!speaker) return;
    if (send({ type: 'one_to_one', withAttendeeId: speaker })) page.feedback(text('live.one_to_one.sent'), false);
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
      button.addEventListener('click', function (event) {
        // The buttons are also a plain form (no JavaScript); here they go over the socket.
        event.preventDefault();
        var command = { type: button.dataset.command };
        if (command.type === 'extend') command.seconds = Number(button.dataset.seconds);
        var run = function () { send({ type: 'command', command: command }); };
        if (command.type === 'end') page.confirmThen('end', '', run);
        else run();
      });
    });
  }

  connect();
})();
