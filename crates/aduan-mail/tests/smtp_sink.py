#!/usr/bin/python3
"""A loopback SMTP server for Aduan's e-mail tests (Debian's python3-aiosmtpd).

Every message it accepts is written to DIR as NNNN.eml (the message as received) beside
NNNN.json (the envelope: {"mail_from": ..., "rcpt_tos": [...]}); the .json appears last, so a
reader that sees it finds the whole message. Prints "listening on PORT" once it accepts
connections, then serves until killed.

    smtp_sink.py --dir DIR [--port PORT]     # PORT 0 (the default) picks a free one
"""

import argparse
import asyncio
import itertools
import json
import os
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    """Keeps each message as two files, numbered in arrival order."""

    def __init__(self, directory):
        self.directory = directory
        self.numbers = itertools.count(1)

    def _write(self, name, data):
        path = os.path.join(self.directory, name)
        with open(path + ".tmp", "wb") as f:
            f.write(data)
        os.replace(path + ".tmp", path)

    async def handle_DATA(self, server, session, envelope):
        n = next(self.numbers)
        self._write("%04d.eml" % n, envelope.original_content or envelope.content)
        envelope_json = {"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos)}
        self._write("%04d.json" % n, json.dumps(envelope_json).encode())
        return "250 Message accepted for delivery"


async def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    sink = Sink(args.dir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="sink.test", decode_data=False),
        host="127.0.0.1",
        port=args.port,
    )
    port = server.sockets[0].getsockname()[1]
    print("listening on %d" % port, flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
