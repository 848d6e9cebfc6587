#!/usr/bin/env python3
"""A tenant's application, for ./cmon up's demo container and the tests: a Prometheus
endpoint (ContainerPilot's telemetry serves the same on port 9090), and the ways one goes wrong.

Usage: exporter.py PORT (listens on 127.0.0.1 only).
  /metrics   two families of its own
  /hang      reads the request, then never answers
  /close     promises 1000 bytes, sends 10, closes
  /huge      50 MiB of samples, no Content-Length
  /million   a million distinct series
  /slow      answers after 60 s
"""
import socketserver
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SERIES = (b"# HELP demo_requests_total Requests the demo application served.\n"
          b"# TYPE demo_requests_total counter\n"
          b"demo_requests_total{path=\"/\"} 42\n"
          b"# HELP demo_up Whether the demo application runs.\n"
          b"# TYPE demo_up gauge\n"
          b"demo_up 1\n")


class Handler(BaseHTTPRequestHandler):

    def log_message(self, *args):
        pass

    def head(self, length=None):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def do_GET(self):
        try:
            if self.path == "/metrics":
                self.head(len(SERIES))
                self.wfile.write(SERIES)
            elif self.path == "/hang":
                time.sleep(3600)
            elif self.path == "/slow":
                time.sleep(60)
                self.head(len(SERIES))
                self.wfile.write(SERIES)
            elif self.path == "/close":
                self.head(1000)
                self.wfile.write(b"demo_up 1\n")
                self.wfile.flush()
                self.connection.close()
            elif self.path == "/huge":
                self.head()
                line = b"demo_huge_bytes 1\n" * 4096
                for _ in range((50 * 1024 * 1024) // len(line) + 1):
                    self.wfile.write(line)
            elif self.path == "/million":
                self.head()
                for chunk in range(1000):
                    self.wfile.write(b"".join(b"demo_series{i=\"%d\"} 1\n" % (chunk * 1000 + i) for i in range(1000)))
            else:
                self.send_error(404)
        except (BrokenPipeError, ConnectionResetError):
            pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    Server(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
