/* page: the listening site's article page as a read-along (and the index's Copy buttons).
 *
 * The page's own sentences (<span class="rl" data-s="s3">, one id per written sentence) are
 * matched to the voice by the episode's sync map (episodes/<stem>.sync.json, same origin).
 * Without JavaScript the page is the plain article and the browser's own player.
 */
function startPage() {
  var player = document.getElementById("player");
  if (!player) return;
  var artwork = player.getAttribute("data-artwork");
  var S = createState(player, {
    body: document.querySelector(".article-body"),
    controls: document,
    voiceButton: document.querySelector(".to-voice"),
    speedSelect: document.getElementById("speed"),
    sentenceSelector: ".rl[data-s]",
    sentenceAttr: "data-s",
    meta: { title: player.getAttribute("data-title"), artist: player.getAttribute("data-artist"),
            album: player.getAttribute("data-album"),
            artwork: artwork ? new URL(artwork, document.baseURI).href : null }
  });
  wireControls(S);
  remember(S);
  watchPlayback(S);
  watchHandScroll(S);
  shortcuts(S, [document]);
  mediaSession(S);

  var syncUrl = player.getAttribute("data-sync");
  if (S.body && syncUrl && window.fetch) {
    fetch(syncUrl).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (map) {
      if (map && map.cues && activate(S, map.cues)) {
        document.body.classList.add("read-along");
        document.body.setAttribute("data-read-along", "ready");
      }
    }).catch(function () { /* no read-along: the page still reads and plays */ });
  }
  // The extra controls exist only when this script runs.
  Array.prototype.forEach.call(document.querySelectorAll(".player-tools, .read-along-help"),
                               function (el) { el.hidden = false; });
}

startPage();
startCopyButtons();
