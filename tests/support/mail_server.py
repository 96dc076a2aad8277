"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), keeping what it receives."""

import email
import email.policy
import socket

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def parsed(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.original_content, policy=email.policy.default)


class Recorder:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append(envelope)
        return "250 OK"


class MailServer:
    def __init__(self, port: int):
        self.port = port
        self.handler = Recorder()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=port)
        self.running = False

    @property
    def received(self) -> list:
        return self.handler.envelopes

    def start(self) -> None:
        self.controller.start()
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.controller.stop()
            self.running = False
