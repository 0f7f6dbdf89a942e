"""gunicorn's settings; it reads this file from the folder it starts in (the project's).

Only gunicorn's own log lines (starting, workers booting, a worker timing out) are set here:
with LOG_FORMAT=json they are JSON like the app's (cxscan/logging.py), on stdout. Its access
log is left as the command line sets it (off unless `--access-logfile`, and then not JSON): the
app writes one line per request itself. Everything else comes from the command line (README.md,
"Production"). A `--config` file of one's own replaces this one.
"""

import os

if os.environ.get("LOG_FORMAT", "").strip().lower() == "json":
    logconfig_dict = {
        "formatters": {"json": {"()": "cxscan.logging.JsonFormatter"}},
        "handlers": {
            "json_stdout": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"level": "INFO", "handlers": ["json_stdout"]},
        "loggers": {
            # No level: `--log-level` keeps deciding which of its lines show.
            "gunicorn.error": {"handlers": ["json_stdout"], "propagate": False},
        },
    }
