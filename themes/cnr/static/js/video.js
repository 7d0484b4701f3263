// Videos of other sites, for browsers with JavaScript: a click on a video's block puts the
// site's player in its place, and only then does the other site hear of the visit. Without
// JavaScript, or with a modifier key, the link opens the video on its site.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".video > .video-link") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    var block = link.parentNode;
    var embed = block.getAttribute("data-embed");
    if (!embed) {
      return;
    }
    event.preventDefault();
    var title = link.querySelector(".video-title");
    var player = document.createElement("iframe");
    player.src = embed + (embed.indexOf("?") < 0 ? "?" : "&") + "autoplay=1";
    player.title = (title || link).textContent.trim();
    player.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
    player.setAttribute("allowfullscreen", "");
    block.replaceChild(player, link);
    player.focus();
  });
})();
