"""gunicorn's settings; it reads this file from the folder it starts in (the project's).

Only gunicorn's own log lines (starting, workers booting, a worker timing out) are set here:
with LOG_FORMAT=json they are JSON like the app's (cxscan/logging.py), on stdout. Its access
log stays off: the app writes one line per request itself. Everything else comes from the
command line (README.md, "Production").
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
            "gunicorn.error": {"level": "INFO", "handlers": ["json_stdout"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
        },
    }
