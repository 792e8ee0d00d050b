"""gunicorn settings for Marsad: `gunicorn -c python:marsad.gunicorn_conf marsad.app:server`.

Threaded workers; idle keep-alive connections wait in each worker's poller (not in a thread), so a long
keep-alive is cheap. It must outlast the pause between a person's clicks: with gunicorn's default of 2 s,
a request sent on a connection the server is closing at that moment fails (seen as connection errors by
the 50-user benchmark). Every value can be overridden on the command line or in GUNICORN_CMD_ARGS.
"""

import gc
import os

bind = f"{os.environ.get('MARSAD_HOST', '127.0.0.1')}:{os.environ.get('MARSAD_PORT', '8050')}"
workers = 2
worker_class = "gthread"
threads = 8
keepalive = 75  # seconds; longer than a reverse proxy's idle timeout (nginx: 60 s)
control_socket_disable = True


def post_worker_init(worker) -> None:
    """The app is built; move everything alive now (imported libraries, the app) out of the garbage
    collector's sight: a full collection walked ~155,000 such objects, about 50-130 ms, stalling a request."""
    gc.freeze()
