"""mitmdump addon equivalent to the benchmark's routes.yaml for egress-proxy.

Allows GET to localhost:$BENCH_UPSTREAM_PORT on /small and /large/<one segment>, injects
Authorization: Bearer $BENCH_TOKEN over the client's header (TLS only), and answers everything
else with a 403 carrying X-Egress-Proxy-Block, like egress-proxy does.
"""
import os
import re

from mitmproxy import http

PORT = int(os.environ["BENCH_UPSTREAM_PORT"])
TOKEN = os.environ["BENCH_TOKEN"]
PATHS = [re.compile(r"^/small$"), re.compile(r"^/large/[^/]*$")]


class Allowlist:
    def request(self, flow: http.HTTPFlow) -> None:
        req = flow.request
        host = req.pretty_host.lower().rstrip(".")
        path = req.path.split("?", 1)[0]
        if host == "localhost" and req.port == PORT and req.method == "GET" and any(p.match(path) for p in PATHS):
            if req.scheme == "https":
                req.headers["Authorization"] = "Bearer " + TOKEN
            return
        flow.response = http.Response.make(
            403,
            b'{"error":"egress-proxy-block"}',
            {"Content-Type": "application/json", "X-Egress-Proxy-Block": "not-allowed"},
        )


addons = [Allowlist()]
