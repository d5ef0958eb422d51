/* session: chapters, and the lock screen's controls (Media Session API). */

function chapterAt(S, seconds) {
  var found = -1;
  S.chapters.forEach(function (c, i) { if (c.start <= seconds + 0.01) found = i; });
  return found;
}

function toChapter(S, direction) {
  if (!S.chapters.length) return;
  var at = chapterAt(S, S.player.currentTime);
  // "Previous" from a few seconds into a chapter goes back to its start, as players do.
  if (direction < 0 && at >= 0 && S.player.currentTime - S.chapters[at].start > 3) direction = 0;
  var target = S.chapters[Math.max(0, Math.min(S.chapters.length - 1, at + direction))];
  seek(S, target.start, !S.player.paused);
}

function updateChapter(S) {
  var at = chapterAt(S, S.player.currentTime);
  if (at === S.chapterIndex) return;
  S.chapterIndex = at;
  if (!S.session || typeof window.MediaMetadata !== "function") return;
  var artwork = S.meta.artwork ? [{ src: S.meta.artwork, type: "image/jpeg" }] : [];
  var info = {
    title: S.meta.title || document.title,
    artist: S.meta.artist || "",
    album: at >= 0 ? S.chapters[at].title : (S.meta.album || ""),
    artwork: artwork
  };
  info.chapterInfo = S.chapters.map(function (c) {  // newer browsers list the chapters
    return { title: c.title, startTime: c.start, artwork: artwork };
  });
  try { S.session.metadata = new window.MediaMetadata(info); } catch (e) { /* old browser */ }
}

function mediaPosition(S) {
  var player = S.player;
  if (!S.session || !S.session.setPositionState || !isFinite(player.duration)) return;
  try {
    S.session.setPositionState({ duration: player.duration, playbackRate: player.playbackRate,
                                 position: Math.min(player.currentTime, player.duration) });
  } catch (e) { /* an inconsistent state is skipped, the next event sets it */ }
}

function mediaSession(S) {
  if (!S.session) return;
  var handlers = {
    play: function () { play(S); },
    pause: function () { S.player.pause(); },
    seekbackward: function (d) { skip(S, -(d && d.seekOffset || SKIP_BACK)); },
    seekforward: function (d) { skip(S, d && d.seekOffset || SKIP_AHEAD); },
    seekto: function (d) { if (d && d.seekTime !== undefined) seek(S, d.seekTime, false); },
    previoustrack: function () { toChapter(S, -1); },
    nexttrack: function () { toChapter(S, 1); }
  };
  Object.keys(handlers).forEach(function (name) {
    try { S.session.setActionHandler(name, handlers[name]); } catch (e) { /* unsupported */ }
  });
  ["loadedmetadata", "ratechange", "seeked", "play", "pause"].forEach(function (name) {
    S.player.addEventListener(name, function () { mediaPosition(S); });
  });
  updateChapter(S);
}
