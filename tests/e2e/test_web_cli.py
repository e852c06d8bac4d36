"""`genai-bot web --port N` serves the dashboard alone, and the bot's HTTP server carries it at /admin: an admin
signs in through the Entra ID stand-in, the API without a session is 401, SIGTERM ends it cleanly; missing
sign-in settings are one line and exit status 2."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import aiohttp

from tests.e2e.test_cli import EXE
from tests.e2e.test_shutdown import _free_port, _wait_healthy
from tests.integration.web.signin_world import ORG_YAML, SECRET
from tests.world import FakeSlackAPI
from tests.world.entra_graph import FakeEntraGraph


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GENAI_", "OPENAI_"))}
    org = tmp_path / "org.yaml"
    org.write_text(ORG_YAML, encoding="utf-8")
    return env | {
        "GENAI_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/bot.db",
        "GENAI_ORG_FILE": str(org),
        "GENAI_WEB_SECURE_COOKIES": "false",
        **extra,
    }


async def _signed_in_page(url: str, entra: FakeEntraGraph) -> tuple[int, str]:
    connector = aiohttp.TCPConnector(ssl=entra.client_ssl_context())
    async with (
        aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True)) as http,
        http.get(f"{url}/admin?lang=en") as page,
    ):
        return page.status, await page.text()


async def _api_status(url: str) -> int:
    async with aiohttp.ClientSession() as http, http.get(f"{url}/admin/api/usage?group_by=org") as response:
        return response.status


def _start(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([EXE, *args], env=env, cwd=cwd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)


async def _admin_signs_in(proc: subprocess.Popen[bytes], port: int, entra: FakeEntraGraph) -> None:
    """Healthy, the API refuses without a session, and the admin's browser comes back from Entra ID signed in."""
    url = f"http://127.0.0.1:{port}"
    await _wait_healthy(url, proc)
    assert await _api_status(url) == 401
    status, page = await _signed_in_page(url, entra)
    assert status == 200 and "佐藤 花子" in page and "the figures appear here" in page  # no usage yet


def _stop(proc: subprocess.Popen[bytes]) -> int:
    proc.send_signal(signal.SIGTERM)
    return proc.wait(timeout=30)


async def test_the_standalone_dashboard_signs_an_admin_in_and_stops_on_sigterm(
    tmp_path: Path, entra: FakeEntraGraph
) -> None:
    entra.sign_in_as("sato@example.go.jp", "佐藤 花子", roles=("admin",))
    port = _free_port()
    env = _env(tmp_path, GENAI_SECRET_KEY=SECRET, **entra.settings_env())
    proc = _start(["web", "--port", str(port), "--host", "127.0.0.1"], env, tmp_path)
    try:
        await _admin_signs_in(proc, port, entra)
    finally:
        code = _stop(proc)
    assert code == 0, proc.stderr.read().decode() if proc.stderr else ""


def test_the_dashboard_without_its_sign_in_settings_is_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [EXE, "web", "--port", str(_free_port())],
        env=_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    [line] = [x for x in done.stderr.splitlines() if x.strip()]
    assert "GENAI_SECRET_KEY" in line


async def test_the_bots_http_server_carries_the_dashboard_at_admin(tmp_path: Path, entra: FakeEntraGraph) -> None:
    entra.sign_in_as("sato@example.go.jp", "佐藤 花子", roles=("admin",))
    async with FakeSlackAPI() as slack:
        port = _free_port()
        env = _env(
            tmp_path,
            SLACK_BOT_TOKEN="xoxb-t",
            SLACK_SIGNING_SECRET="web-secret",
            GENAI_SLACK_API_URL=slack.base_url,
            GENAI_SECRET_KEY=SECRET,
            **entra.settings_env(),
        )
        proc = _start(["run", "--mode", "http", "--port", str(port)], env, tmp_path)
        try:
            await _admin_signs_in(proc, port, entra)
        finally:
            code = _stop(proc)
        assert code == 0
