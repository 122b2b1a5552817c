// Kreis service worker. Served at /sw.js by server/plugins/web-delivery.ts, which fills in the
// version (a fingerprint of all files under public/): a new version replaces the old caches.
// It keeps ONLY fingerprinted files (/assets/<hash>/…, never changing) and the offline page
// (no personal data on it). Pages are never stored: a failed navigation shows the offline page.
'use strict';
var VERSION = '__KREIS_VERSION__';
var CACHE = 'kreis-' + VERSION;
var OFFLINE = '/offline.html';

self.addEventListener('install', function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return fetch(OFFLINE, { cache: 'no-store' }).then(function (response) {
        if (!response.ok) throw new Error('offline page: ' + response.status);
        return response.clone().text().then(function (html) {
          // The offline page's own styles and icon, so it looks right without a connection.
          var links = (html.match(/\/assets\/[0-9a-f]+\/[^"'\s)]+/g) || []);
          return Promise.all([cache.put(OFFLINE, response)].concat(links.map(function (url) { return cache.add(url); })));
        });
      });
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key.indexOf('kreis-') === 0 && key !== CACHE; }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(function () {
      return caches.match(OFFLINE, { cacheName: CACHE }).then(function (page) { return page || Response.error(); });
    }));
    return;
  }
  if (url.pathname.indexOf('/assets/') !== 0) return;
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      return cache.match(request).then(function (hit) {
        if (hit) return hit;
        return fetch(request).then(function (response) {
          if (response.ok && response.type === 'basic') cache.put(request, response.clone());
          return response;
        });
      });
    })
  );
});
