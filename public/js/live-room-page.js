// The live room's page: its texts, the attendees' cards and the small messages it shows.
// Loaded (with `defer`) before live-room-render.js and live-round.js, which use window.KreisLive.
(function () {
  'use strict';

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
  // page once more and take the cards from it, then `done()` draws again.
  var fetchingCards = false;
  function ensureCards(ids, done) {
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
        done();
      })
      .catch(function () {})
      .then(function () {
        // Ask again at most once a minute for ids that are still unknown.
        setTimeout(function () { fetchingCards = false; }, 60000);
      });
  }

  function feedback(message, isError) {
    var el = $('live-feedback');
    el.textContent = message;
    el.classList.toggle('error', Boolean(isError));
  }

  function announce(message) {
    $('live-announce').textContent = message;
  }

  function setConnection(key) {
    var el = $('live-connection');
    el.hidden = false;
    el.textContent = text(key);
  }

  function showOffline() {
    var alert = $('live-offline');
    if (alert) alert.hidden = false;
  }

  // Irreversible commands (end the round, skip someone) ask first, in the page's <dialog>.
  function confirmThen(kind, name, action) {
    var dialog = $('live-confirm');
    var params = { name: name || '' };
    if (!dialog || typeof dialog.showModal !== 'function') {
      if (window.confirm(text('live.confirm.' + kind + '.title', params))) action();
      return;
    }
    $('live-confirm-title').textContent = text('live.confirm.' + kind + '.title', params);
    $('live-confirm-text').textContent = text('live.confirm.' + kind + '.text', params);
    $('live-confirm-yes').textContent = text('live.confirm.' + kind + '.yes', params);
    dialog.returnValue = '';
    dialog.addEventListener('close', function onClose() {
      dialog.removeEventListener('close', onClose);
      if (dialog.returnValue === 'yes') action();
    });
    dialog.showModal();
  }

  window.KreisLive = {
    confirmThen: confirmThen,
    $: $,
    text: text,
    cards: cards,
    nameOf: nameOf,
    ensureCards: ensureCards,
    feedback: feedback,
    announce: announce,
    setConnection: setConnection,
    showOffline: showOffline,
  };
})();
