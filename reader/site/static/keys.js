/* keys: k play/pause, j back 15 s, l forward 30 s, < > speed, [ ] chapters, v back to the
 * voice. `scopes`: where they apply (the whole page, or only the embed and its article). */

function isTyping(target) {
  return target && (/^(INPUT|SELECT|TEXTAREA|AUDIO|VIDEO)$/.test(target.tagName) ||
                    target.isContentEditable);
}

function shortcuts(S, scopes) {
  var actions = {
    k: function () { togglePlay(S); },
    j: function () { skip(S, -SKIP_BACK); },
    l: function () { skip(S, SKIP_AHEAD); },
    "<": function () { stepSpeed(S, -1); },
    ">": function () { stepSpeed(S, 1); },
    v: function () { follow(S); },
    "[": function () { toChapter(S, -1); },
    "]": function () { toChapter(S, 1); }
  };
  scopes.forEach(function (scope) {
    scope.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey ||
          isTyping(eventTarget(event))) return;
      var action = actions[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
    });
  });
}
