// GIL Lab embed helper (docs/embedding.md): a course page that includes this script gets its GIL
// Lab iframes sized to their content. An embedded GIL Lab view posts
// {type: "gil-lab:resize", height} whenever its content changes size; this script sets the height
// of the iframe that sent it. It acts for iframes marked `data-gil-lab` and for iframes loaded from
// the origin this script came from, and only on messages whose source is that iframe's window.
(function () {
    "use strict";
    var script = document.currentScript;
    var labOrigin = script && script.src ? new URL(script.src, document.baseURI).origin : null;
    var MAX_HEIGHT = 100000;

    function isGilLab(frame) {
        if (frame.hasAttribute("data-gil-lab")) {
            return true;
        }
        if (!labOrigin || !frame.src) {
            return false;
        }
        try {
            return new URL(frame.src, document.baseURI).origin === labOrigin;
        } catch (error) {
            return false;
        }
    }

    window.addEventListener("message", function (event) {
        var data = event.data;
        if (!data || typeof data !== "object" || data.type !== "gil-lab:resize") {
            return;
        }
        var height = Number(data.height);
        if (!isFinite(height) || height <= 0 || height > MAX_HEIGHT) {
            return;
        }
        var frames = document.getElementsByTagName("iframe");
        for (var index = 0; index < frames.length; index += 1) {
            var frame = frames[index];
            if (frame.contentWindow === event.source && isGilLab(frame)) {
                frame.style.height = Math.ceil(height) + "px";
                return;
            }
        }
    });
})();
