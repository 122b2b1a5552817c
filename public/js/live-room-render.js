// Draws a round's view into the live room: speaker, order, presence, controls and the countdown.
// Uses window.KreisLive (live-room-page.js); live-round.js feeds it the views from the socket.
(function () {
  'use strict';

  var page = window.KreisLive;
  if (!page) return;
  var $ = page.$;
  var text = page.text;
  var cards = page.cards;
  var nameOf = page.nameOf;

  /**
   * options: isHost, viewerId, send(message) -> boolean, connected() -> boolean.
   * The renderer keeps the view last drawn; `current()` gives it to the forms.
   */
  page.createRenderer = function (options) {
    var view = null;
    var clockOffset = 0; // server time minus local time
    var lastSpeaker = null;
    var lastOnline = null;

    function redraw() {
      if (view) {
        // A speaker drawn without a card is drawn (and announced) again, now with one.
        if (!$('live-speaker').firstChild) lastSpeaker = null;
        render();
      }
      if (lastOnline) renderPresence(lastOnline);
    }

    function show(nextView, serverOffset) {
      view = nextView;
      clockOffset = serverOffset;
      render();
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
          page.announce(text('live.announce.speaker', { name: nameOf(speaker) }));
        } else if (view.status === 'ended') page.announce(text('live.announce.ended'));
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
        if (options.isHost && pending && (view.status === 'running' || view.status === 'paused')) {
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
        var run = function () { options.send({ type: 'command', command: { type: command, attendeeId: attendeeId } }); };
        if (command === 'skip') page.confirmThen('skip', nameOf(attendeeId), run);
        else run();
      });
      return button;
    }

    function renderPresence(online) {
      lastOnline = online;
      page.ensureCards(online, redraw);
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
      var connected = options.connected();
      var live = view !== null && (view.status === 'running' || view.status === 'paused');
      var speakerIsMe = view !== null && view.currentSpeakerId === options.viewerId;
      $('live-actions').hidden = !(connected && live && !speakerIsMe);
      var controls = $('live-controls');
      if (!controls) return;
      // The start form's card, while waiting; the running round is steered from the bottom bar.
      controls.hidden = !connected || view === null || view.status !== 'waiting';
      $('live-start-form').hidden = view === null || view.status !== 'waiting';
      $('live-run-controls').hidden = !connected || !live;
      var pause = $('live-run-controls').querySelector('[data-command="pause"]');
      var resume = $('live-run-controls').querySelector('[data-command="resume"]');
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
      if (time.textContent !== clock) {
        time.textContent = clock;
        time.setAttribute('datetime', 'PT' + seconds + 'S');
      }
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

    return {
      show: show,
      current: function () { return view; },
      renderPresence: renderPresence,
      updateVisibility: updateVisibility,
      ensureCards: function (ids) { page.ensureCards(ids, redraw); },
    };
  };
})();
