"""Start-up and shutdown as an operator sees them: a busy port, a database out of reach or a token Slack refuses is
ONE line on stderr naming the problem and the setting (exit status 2, no traceback unless GENAI_LOG_LEVEL=DEBUG);
Socket Mode stops on SIGTERM or Ctrl-C whatever state it is in."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from tests.e2e.test_cli import EXE, run
from tests.postgres_guard import missing_server
from tests.world import FakeSlackAPI, FakeSocketModeServer

PIPE = asyncio.subprocess.PIPE


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ") and "Traceback" not in stderr
    return lines[0]


class Bot:
    """A `genai-bot` child process whose stderr is read line by line."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.stderr: list[str] = []

    async def wait_for_line(self, fragment: str, timeout: float = 30) -> None:  # noqa: ASYNC109
        assert self.proc.stderr is not None
        async with asyncio.timeout(timeout):
            while not any(fragment in line for line in self.stderr):
                line = await self.proc.stderr.readline()
                assert line, f"the bot exited before logging {fragment!r}: {''.join(self.stderr)}"
                self.stderr.append(line.decode())

    async def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 15) -> int:  # noqa: ASYNC109
        self.proc.send_signal(sig)
        return await self.exit(timeout)

    async def exit(self, timeout: float = 60) -> int:  # noqa: ASYNC109
        _, err = await asyncio.wait_for(self.proc.communicate(), timeout)
        self.stderr.append(err.decode())
        assert self.proc.returncode is not None
        return self.proc.returncode

    @property
    def all_stderr(self) -> str:
        return "".join(self.stderr)


@asynccontextmanager
async def bot(args: list[str], cwd: Path, **env: str) -> AsyncIterator[Bot]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GENAI_", "OPENAI_", "AZURE_"))}
    clean |= {"GENAI_DATABASE_URL": f"sqlite+aiosqlite:///{cwd}/bot.db", **env}
    proc = await asyncio.create_subprocess_exec(EXE, *args, cwd=cwd, env=clean, stdin=PIPE, stdout=PIPE, stderr=PIPE)
    try:
        yield Bot(proc)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


def _slack_env(slack: FakeSlackAPI, bot_token: str = "xoxb-good", **more: str) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": bot_token, "GENAI_SLACK_API_URL": slack.base_url, **more}


# --- a busy port ---------------------------------------------------------------------------------------------------


def test_a_busy_port_is_one_line_naming_the_setting(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run(
            ["run", "--mode", "http", "--port", str(port)],
            tmp_path,
            SLACK_BOT_TOKEN="xoxb-1",
            SLACK_SIGNING_SECRET="s",
            GENAI_SLACK_API_URL=f"http://127.0.0.1:{_unused_port()}/",
        )
    assert done.returncode == 2
    line = _one_error_line(done.stderr)
    assert f"port {port} is in use" in line and "GENAI_HTTP_PORT" in line and "--port" in line


# --- a database out of reach ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["folder is a file", "file is a folder"])
def test_a_sqlite_path_that_cannot_be_written_is_one_line(tmp_path: Path, where: str) -> None:
    (tmp_path / "occupied").write_text("not a folder")
    path = tmp_path / "occupied" / "bot.db" if where == "folder is a file" else tmp_path
    done = run(["run"], tmp_path, "/genai help\n", GENAI_DATABASE_URL=f"sqlite+aiosqlite:///{path}")
    assert done.returncode == 2 and done.stdout == ""
    line = _one_error_line(done.stderr)
    assert "GENAI_DATABASE_URL" in line and str(path) in line


def test_an_unreachable_postgresql_is_one_line_without_the_password(tmp_path: Path) -> None:
    url = f"postgresql+asyncpg://bot:s3cret-pw@127.0.0.1:{_unused_port()}/genai"
    for args in (["run"], ["db", "upgrade"]):
        done = run(args, tmp_path, "/genai help\n", GENAI_DATABASE_URL=url)
        assert done.returncode == 2
        line = _one_error_line(done.stderr)
        assert "GENAI_DATABASE_URL" in line and "127.0.0.1" in line and "s3cret-pw" not in line


@pytest.mark.postgres
def test_postgresql_refusing_the_user_is_one_line(tmp_path: Path, postgres_server: str | None) -> None:
    if postgres_server is None:
        missing_server("no PostgreSQL server binary on this machine")
    host = postgres_server.split("@", 1)[1]
    done = run(["run"], tmp_path, "/genai help\n", GENAI_DATABASE_URL=f"postgresql+asyncpg://nobody-here:pw@{host}")
    assert done.returncode == 2
    line = _one_error_line(done.stderr)
    assert "GENAI_DATABASE_URL" in line and "nobody-here" in line


def test_the_full_trace_is_there_at_debug(tmp_path: Path) -> None:
    url = f"postgresql+asyncpg://bot@127.0.0.1:{_unused_port()}/genai"
    done = run(["run"], tmp_path, "", GENAI_DATABASE_URL=url, GENAI_LOG_LEVEL="DEBUG")
    assert done.returncode == 2 and "Traceback" in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("error: ")


# --- tokens ----------------------------------------------------------------------------------------------------------


def test_a_token_of_the_wrong_kind_is_one_line_that_never_shows_it(tmp_path: Path) -> None:
    done = run(["run"], tmp_path, "", SLACK_BOT_TOKEN="xapp-1-A1-secretpart")
    assert done.returncode == 2
    line = _one_error_line(done.stderr)
    assert "SLACK_BOT_TOKEN" in line and "app-level token" in line and "xoxb-" in line and "secretpart" not in line


async def test_a_bot_token_slack_refuses_stops_http_mode_with_one_line(tmp_path: Path) -> None:
    async with FakeSlackAPI(tokens={"xoxb-good"}) as slack:
        env = _slack_env(slack, "xoxb-revoked", SLACK_SIGNING_SECRET="s", GENAI_HTTP_PORT=str(_unused_port()))
        async with bot(["run", "--mode", "http"], tmp_path, **env) as child:
            assert await child.exit() == 2
    line = _one_error_line(child.all_stderr)
    assert "SLACK_BOT_TOKEN" in line and "invalid_auth" in line and "xoxb-revoked" not in line


async def test_an_app_token_slack_refuses_stops_socket_mode_with_one_line(tmp_path: Path) -> None:
    async with FakeSlackAPI(tokens={"xoxb-good", "xapp-good"}) as slack:
        slack.socket_mode_url = f"ws://127.0.0.1:{_unused_port()}/link"
        async with bot(["run"], tmp_path, **_slack_env(slack, SLACK_APP_TOKEN="xapp-wrong")) as child:
            assert await child.exit() == 2
        assert slack.last("apps.connections.open").response["error"] == "invalid_auth"
    line = _one_error_line(child.all_stderr)
    assert "SLACK_APP_TOKEN" in line and "invalid_auth" in line and "xapp-wrong" not in line


# --- Socket Mode stops in every state ------------------------------------------------------------------------------


async def test_socket_mode_stops_on_sigterm_while_slack_is_unreachable(tmp_path: Path) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "GENAI_SLACK_API_URL": "http://127.0.0.1:9/"}
    async with bot(["run"], tmp_path, **env) as child:
        await child.wait_for_line("apps.connections.open")  # past the token check, retrying the connection
        assert await child.stop() == 0
    assert "Traceback" not in child.all_stderr


async def test_socket_mode_stops_on_sigterm_while_the_websocket_cannot_connect(tmp_path: Path) -> None:
    async with FakeSlackAPI() as slack:
        slack.socket_mode_url = f"ws://127.0.0.1:{_unused_port()}/link"
        async with bot(["run"], tmp_path, **_slack_env(slack, SLACK_APP_TOKEN="xapp-1")) as child:
            await child.wait_for_line("Failed to connect")  # Slack's client retries the websocket
            assert await child.stop() == 0


async def test_socket_mode_stops_on_ctrl_c_once_connected_and_starts_without_noise(tmp_path: Path) -> None:
    async with FakeSocketModeServer() as server, FakeSlackAPI() as slack:
        slack.socket_mode_url = server.url
        async with bot(["run"], tmp_path, **_slack_env(slack, SLACK_APP_TOKEN="xapp-1")) as child:
            await child.wait_for_line("slack_socket_mode_connected")
            assert server.connected and await child.stop(signal.SIGINT) == 0
    assert "will be unused" not in child.all_stderr and "Traceback" not in child.all_stderr
    methods = [c.method for c in slack.calls]
    assert methods[0] == "auth.test" and "apps.connections.open" in methods  # the token checked, then connected
    assert len(slack.calls_to("apps.connections.open")) == 1  # the URL checked at start-up is the one used


async def test_sigterm_stops_a_start_up_waiting_for_the_database(tmp_path: Path) -> None:
    connected = asyncio.Event()

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connected.set()  # a PostgreSQL that accepts the connection and never answers
        await reader.read()  # until the bot hangs up
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        async with bot(["run"], tmp_path, GENAI_DATABASE_URL=f"postgresql+asyncpg://bot@127.0.0.1:{port}/db") as child:
            await asyncio.wait_for(connected.wait(), 30)
            assert await child.stop() == 0
