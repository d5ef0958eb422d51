/* player: play, seek, skip, speed and the chapter buttons, over one <audio> element. */

// SPEEDS, SKIP_BACK and SKIP_AHEAD come from reader/site/scripts.py (the pages use them too).

function play(S) {
  var started = S.player.play();
  // A refused or interrupted play() (autoplay rules, a pause right after) is not an error.
  if (started && started.catch) started.catch(function () {});
}

function seek(S, seconds, andPlay) {
  S.seekedByUser = true;
  var end = isFinite(S.player.duration) ? S.player.duration : Infinity;
  S.player.currentTime = Math.max(0, Math.min(seconds, end));
  update(S);
  if (andPlay) play(S);
}

function skip(S, seconds) { seek(S, S.player.currentTime + seconds, false); }

function togglePlay(S) { if (S.player.paused) play(S); else S.player.pause(); }

function setSpeed(S, rate, remember) {
  if (!(rate >= SPEEDS[0] && rate <= SPEEDS[SPEEDS.length - 1])) rate = 1;
  S.player.defaultPlaybackRate = rate;  // survives the browser reloading the source
  S.player.playbackRate = rate;
  if (S.speedSelect) S.speedSelect.value = String(rate);
  if (remember) rememberSpeed(S, rate);
  mediaPosition(S);
}

function stepSpeed(S, direction) {
  var at = SPEEDS.indexOf(S.player.playbackRate);
  if (at < 0) at = SPEEDS.indexOf(1);
  setSpeed(S, SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, at + direction))], true);
}

function speedText(speed, select) {
  // The number as the player's language writes it ("1,5×" in French): its nearest lang.
  var holder = select.closest("[lang]");
  try {
    return speed.toLocaleString(holder ? holder.getAttribute("lang") : undefined) + "\u00d7";
  } catch (e) {  // a malformed tag
    return speed + "\u00d7";
  }
}

function fillSpeeds(select) {
  // The one list of speeds: the pages' and the embed's menus are filled from it.
  select.textContent = "";
  SPEEDS.forEach(function (speed) {
    var option = document.createElement("option");
    option.value = String(speed);
    option.textContent = speedText(speed, select);
    option.selected = speed === 1;
    select.appendChild(option);
  });
}

function wireControls(S) {
  // Chapter buttons ([data-start]), skips ([data-skip]) and the speed menu under S.controls.
  S.chapters = Array.prototype.map.call(
    S.controls.querySelectorAll(".chapters button[data-start]"),
    function (button) {
      var title = button.querySelector("span");
      return { button: button, start: parseFloat(button.getAttribute("data-start")),
               title: title ? title.textContent : button.textContent };
    });
  S.chapters.forEach(function (chapter) {
    chapter.button.addEventListener("click", function () {
      follow(S);
      seek(S, chapter.start, true);
    });
  });
  Array.prototype.forEach.call(S.controls.querySelectorAll("[data-skip]"), function (button) {
    button.addEventListener("click", function () {
      skip(S, parseFloat(button.getAttribute("data-skip")));
    });
  });
  if (S.speedSelect) {
    fillSpeeds(S.speedSelect);
    S.speedSelect.addEventListener("change", function () {
      setSpeed(S, parseFloat(S.speedSelect.value), true);
    });
  }
}

function watchPlayback(S) {
  S.player.addEventListener("timeupdate", function () { update(S); });
  S.player.addEventListener("seeked", function () { update(S); });
  S.player.addEventListener("play", function () {
    if (!S.frame) S.frame = window.requestAnimationFrame(function () { tick(S); });
  });
  S.player.addEventListener("pause", function () { showVoiceButton(S); });
}
