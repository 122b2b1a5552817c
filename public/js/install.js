// Registers the service worker (public/sw.js: offline page, fingerprinted files) and offers
// "add to home screen" where the browser allows it (beforeinstallprompt), until dismissed.
(function () {
  'use strict';
  if ('serviceWorker' in navigator) {
    // After the page has loaded and the browser is idle: the page comes first.
    var idle = window.requestIdleCallback || function (callback) { return window.setTimeout(callback, 1000); };
    window.addEventListener('load', function () {
      idle(function () {
        navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () {});
      });
    });
  }
  var DISMISSED = 'kreis.install-hint.dismissed';
  var offer = null;
  function dismissed() {
    try { return window.localStorage.getItem(DISMISSED) === '1'; } catch (e) { return false; }
  }
  function hint() { return document.getElementById('install-hint'); }
  function hide() { var el = hint(); if (el) el.hidden = true; }
  window.addEventListener('beforeinstallprompt', function (event) {
    var el = hint();
    if (!el || dismissed()) return;
    event.preventDefault();
    offer = event;
    el.hidden = false;
  });
  window.addEventListener('appinstalled', hide);
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    if (target.closest('[data-install]') && offer) {
      offer.prompt();
      offer.userChoice.then(hide, hide);
      offer = null;
    } else if (target.closest('[data-install-dismiss]')) {
      try { window.localStorage.setItem(DISMISSED, '1'); } catch (e) { /* private mode: hidden for this page only */ }
      hide();
    }
  });
})();
