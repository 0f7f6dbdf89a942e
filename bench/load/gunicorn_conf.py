"""gunicorn settings for the load test: the CPU time of each request in the access log.

`%(cpu)s` in the access log format is the worker process's CPU time (user and system, µs)
from the start of the request to the access log line: with sync workers, one request at a time
in one thread, that is the request's own CPU. `%(D)s`, the time from start to end, minus it is
what the request spent waiting: on PostgreSQL, on a lock, or for a CPU to run on.
"""

import time

from gunicorn.glogging import Logger


def pre_request(worker, req):
    req.bench_cpu_start = time.process_time()


class CPULogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        start = getattr(req, "bench_cpu_start", None)
        atoms["cpu"] = "-" if start is None else str(round((time.process_time() - start) * 1e6))
        return atoms


logger_class = CPULogger
