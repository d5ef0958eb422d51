/* memory: the speed and the place reached are remembered (localStorage, this browser only). */

var SPEED_KEY = "read-or-listen:speed";

function rememberSpeed(S, rate) { S.store.set(SPEED_KEY, String(rate)); }

function restoreSpeed(S) { setSpeed(S, parseFloat(S.store.get(SPEED_KEY) || "1"), false); }

function restorePosition(S) {
  var saved = parseFloat(S.store.get(S.positionKey) || "");
  if (S.seekedByUser || !(saved > 1) || !isFinite(S.player.duration)) return;
  if (saved < S.player.duration - 2) {
    S.player.currentTime = saved;
    update(S);
  }
}

function savePosition(S, force) {
  var now = Date.now();
  if (!force && now - S.lastSaved < 2000) return;
  S.lastSaved = now;
  if (S.player.ended) S.store.remove(S.positionKey);
  else if (S.player.currentTime > 1) S.store.set(S.positionKey, S.player.currentTime.toFixed(2));
}

function remember(S) {
  var player = S.player;
  restoreSpeed(S);
  player.addEventListener("loadedmetadata", function () { restoreSpeed(S); });
  if (player.readyState >= 1) restorePosition(S);
  else player.addEventListener("loadedmetadata", function () { restorePosition(S); },
                               { once: true });
  player.addEventListener("timeupdate", function () { savePosition(S, false); });
  ["pause", "seeked", "ended"].forEach(function (name) {
    player.addEventListener(name, function () { savePosition(S, true); });
  });
  window.addEventListener("pagehide", function () { savePosition(S, true); });
}
