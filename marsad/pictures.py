"""Figures as PNG, rendered offline by kaleido in the machine's Chromium (plotly.js from the plotly package, no
MathJax: nothing is fetched). One browser per process, started on first use and kept (about 3 s to start, then
about 0.2 s a picture); pictures are made one at a time."""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)
_lock = threading.Lock()
_started = False


class PicturesUnavailable(RuntimeError):
    """No picture can be made here (Chromium is missing or failed); the message says what to do."""


def png(figure: dict, *, width: int, height: int, scale: float = 2.0) -> bytes:
    """The figure (a plain plotly dict) as a PNG of width × height CSS pixels at `scale`."""
    global _started
    import kaleido

    with _lock:
        try:
            if not _started:
                kaleido.start_sync_server(n=1, mathjax=False, timeout=60, silence_warnings=True)
                _started = True
            return kaleido.calc_fig_sync(
                figure, opts={"format": "png", "width": width, "height": height, "scale": scale}
            )
        except Exception as exc:
            log.exception("rendering a picture failed")
            _stop()
            raise PicturesUnavailable(
                "pictures need Chromium on the server (Debian: apt-get install chromium; scripts/bootstrap.sh "
                "installs it); the CSV and Excel exports work without it"
            ) from exc


def _stop() -> None:
    global _started
    if _started:
        try:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
        except Exception:
            log.warning("stopping the picture renderer failed", exc_info=True)
    _started = False
