"""A stand-in for GOV.UK Notify's API on 127.0.0.1, so the real Notify client is exercised
end to end without the network: it records each request and answers as Notify does."""

import json
import threading
import uuid
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt


class FakeNotify:
    """What the stand-in received, and what it should answer next."""

    def __init__(self):
        self.service_id = str(uuid.uuid4())
        self.secret = str(uuid.uuid4())
        self.api_key = f"vig_test-{self.service_id}-{self.secret}"
        self.template_id = str(uuid.uuid4())
        self.received: list[dict] = []
        self.status = 201
        self.url = ""

    def handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                # Notify's check: a JWT signed with the key's secret, issued by the service.
                claims = jwt.decode(token, fake.secret, algorithms=["HS256"])
                fake.received.append({"path": self.path, "body": body, "iss": claims["iss"]})
                if fake.status == 201:
                    answer = {"id": str(uuid.uuid4()), "reference": body.get("reference")}
                else:
                    answer = {
                        "status_code": fake.status,
                        "errors": [{"error": "BadRequestError", "message": "Not a UK mobile"}],
                    }
                data = json.dumps(answer).encode()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler


@contextmanager
def fake_notify(settings):
    """Point the service at the stand-in for the length of the block."""
    fake = FakeNotify()
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_port}"
    settings.NOTIFY_API_KEY = fake.api_key
    settings.NOTIFY_SMS_TEMPLATE_ID = fake.template_id
    settings.NOTIFY_BASE_URL = fake.url
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
