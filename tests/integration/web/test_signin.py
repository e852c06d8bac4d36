"""Dashboard sign-in through the Entra ID stand-in, over real HTTP: who gets in, with which role, and what a
missing, tampered or expired session, a sign-out or a forged answer leads to."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import aiohttp
import pytest
from cryptography.fernet import Fernet

from genai_bot.web.settings import WebSettings
from tests.integration.web.signin_world import DashboardWorld, dashboard, sign_in
from tests.world.entra_graph import FakeEntraGraph


async def test_a_signed_out_page_goes_to_sign_in_and_the_api_answers_401(tmp_path: Path, entra: FakeEntraGraph) -> None:
    async with dashboard(tmp_path, entra) as world, world.browser_session() as http:
        async with http.get(world.url + "/admin?from=2026-11-01", allow_redirects=False) as page:
            assert page.status == 303
            location = urlsplit(page.headers["Location"])
            assert location.path == "/admin/signin"
            assert parse_qs(location.query) == {"next": ["/admin?from=2026-11-01"]}
            assert page.headers["X-Frame-Options"] == "DENY"
        async with http.get(world.url + "/admin/api/usage?group_by=org") as api:
            assert api.status == 401
            assert (await api.json())["error"] == "unauthenticated"
            assert api.headers["Cache-Control"] == "no-store"
        assert entra.calls_to("authorize") == []


async def test_an_admin_signs_in_through_entra_and_lands_where_they_were_going(
    tmp_path: Path, entra: FakeEntraGraph
) -> None:
    entra.sign_in_as("sato@example.go.jp", "佐藤 花子", roles=("admin",))
    async with dashboard(tmp_path, entra) as world, world.browser_session() as http:
        page = await sign_in(http, world, "/admin?lang=en")
        assert page.status == 200
        assert page.url.path == "/admin" and page.url.query.get("lang") == "en"
        assert "佐藤 花子" in await page.text()
        policy = page.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "http" not in policy  # no external source
        # signed in: the next page needs no trip to Entra
        async with http.get(world.url + "/admin", allow_redirects=False) as again:
            assert again.status == 200
        assert len(entra.calls_to("authorize")) == 1


async def test_session_cookies_are_encrypted_httponly_lax_and_secure_by_default(
    tmp_path: Path, entra: FakeEntraGraph
) -> None:
    entra.sign_in_as("sato@example.go.jp", "佐藤 花子", roles=("admin",))
    secure = WebSettings(_env_file=None)  # type: ignore[call-arg]
    async with dashboard(tmp_path, entra, web_settings=secure) as world, world.browser_session() as http:
        # over plain http a client does not send Secure cookies back: hand the sign-in cookie over as a browser on
        # https would
        async with http.get(world.url + "/admin/signin", allow_redirects=False) as start:
            flow = start.cookies["__Host-genai_signin"]
            assert flow["secure"] and flow["httponly"] and flow["samesite"] == "Lax" and int(flow["max-age"]) == 600
        async with http.get(start.headers["Location"], allow_redirects=False) as entra_answer:
            callback = entra_answer.headers["Location"]
        cookie = {"Cookie": f"__Host-genai_signin={flow.value}"}
        async with http.get(callback, allow_redirects=False, headers=cookie) as answer:
            assert answer.status == 302 and answer.headers["Location"] == "/admin"
            cookies = {c.split("=", 1)[0]: c for c in answer.headers.getall("Set-Cookie")}
        session = cookies["__Host-genai_admin"]
        for flag in ("HttpOnly", "Secure", "SameSite=Lax", "Path=/", "Max-Age=28800"):
            assert flag in session
        assert "sato" not in session and "admin;" not in session.split(";", 1)[0]  # nothing readable inside
        assert "Max-Age=0" in cookies["__Host-genai_signin"]  # the sign-in in flight is over


async def test_an_organisation_admin_is_given_their_ministry_from_the_org_file(
    tmp_path: Path, entra: FakeEntraGraph
) -> None:
    entra.sign_in_as("suzuki@example.go.jp", "鈴木 一郎", roles=("org_admin",))
    async with dashboard(tmp_path, entra) as world, world.browser_session() as http:
        page = await sign_in(http, world, "/admin?lang=en")
        assert page.status == 200
        assert "Organisation: Ministry of Internal Affairs and Communications" in await page.text()


async def test_group_claims_map_to_roles_and_organisations(tmp_path: Path, entra: FakeEntraGraph) -> None:
    entra.sign_in_as("tanaka@example.go.jp", "田中 次郎", groups=("g-0001", "g-mof-admins"))
    groups = WebSettings(
        _env_file=None,  # type: ignore[call-arg]
        GENAI_WEB_SECURE_COOKIES=False,
        GENAI_WEB_ORG_ADMIN_GROUPS="g-mof-admins=mof/budget",
    )
    async with dashboard(tmp_path, entra, web_settings=groups) as world, world.browser_session() as http:
        page = await sign_in(http, world, "/admin?lang=en")
        assert page.status == 200
        text = await page.text()
        assert "Organisation: Ministry of Finance" in text  # a bureau's group stands for its ministry
        assert "Budget Bureau" not in text


async def test_someone_without_a_role_gets_a_kind_403_and_no_session(tmp_path: Path, entra: FakeEntraGraph) -> None:
    entra.sign_in_as("tanaka@example.go.jp", "田中 次郎", roles=())
    async with dashboard(tmp_path, entra) as world, world.browser_session() as http:
        page = await sign_in(http, world)
        assert page.status == 403
        text = await page.text()
        assert "田中 次郎" in text and "org_admin" in text and "権限がありません" in text
        assert "genai_admin" not in {c.key for c in http.cookie_jar}
        async with http.get(world.url + "/admin/api/usage") as api:
            assert api.status == 401


async def test_an_organisation_admin_outside_the_org_file_is_told_why(tmp_path: Path, entra: FakeEntraGraph) -> None:
    entra.sign_in_as("nobody@example.go.jp", "Nobody", roles=("org_admin",))
    async with dashboard(tmp_path, entra) as world, world.browser_session() as http:
        async with http.get(world.url + "/admin?lang=en", headers={"Accept-Language": "en"}) as page:
            assert page.status == 403
            assert "nobody@example.go.jp is not in the organisation file" in await page.text()


async def test_a_tampered_cookie_means_signing_in_again(tmp_path: Path, entra: FakeEntraGraph) -> None:
    entra.sign_in_as("suzuki@example.go.jp", "鈴木 一郎", roles=("org_admin",))
    async with dashboard(tmp_path, entra) as world, world.browser_session() as http:
        await sign_in(http, world)
        cookie = next(c for c in http.cookie_jar if c.key == "genai_admin")
        flipped = cookie.value[:40] + ("A" if cookie.value[40] != "A" else "B") + cookie.value[41:]
        forged = Fernet(Fernet.generate_key()).encrypt(b'{"p":"session","exp":9e12,"d":{"roles":["admin"]}}')
        for value in (flipped, forged.decode(), "not-a-cookie"):
            http.cookie_jar.clear()
            http.cookie_jar.update_cookies({"genai_admin": value})
            async with http.get(world.url + "/admin", allow_redirects=False) as page:
                assert page.status == 303 and page.headers["Location"].startswith("/admin/signin")
                assert "genai_admin=;" in page.headers["Set-Cookie"] or "Max-Age=0" in page.headers["Set-Cookie"]
            async with http.get(world.url + "/admin/api/usage") as api:
                assert api.status == 401


async def test_a_session_expires_after_the_configured_hours(tmp_path: Path, entra: FakeEntraGraph) -> None:
    entra.sign_in_as("sato@example.go.jp", roles=("admin",))
    short = WebSettings(_env_file=None, GENAI_WEB_SECURE_COOKIES=False, GENAI_WEB_SESSION_HOURS=2)  # type: ignore[call-arg]
    async with dashboard(tmp_path, entra, web_settings=short) as world, world.browser_session() as http:
        await sign_in(http, world)
        world.clock.set(world.clock.now() + timedelta(hours=1, minutes=59))
        async with http.get(world.url + "/admin", allow_redirects=False) as page:
            assert page.status == 200
        world.clock.set(world.clock.now() + timedelta(minutes=1))
        async with http.get(world.url + "/admin", allow_redirects=False) as page:
            assert page.status == 303
        page = await sign_in(http, world)  # signing in again works
        assert page.status == 200 and len(entra.calls_to("authorize")) == 2


async def test_sign_out_ends_the_session(tmp_path: Path, entra: FakeEntraGraph) -> None:
    entra.sign_in_as("sato@example.go.jp", roles=("admin",))
    async with dashboard(tmp_path, entra) as world, world.browser_session() as http:
        await sign_in(http, world)
        async with http.post(world.url + "/admin/signout", headers={"Origin": world.url}) as out:
            assert out.status == 200
            assert "サインアウトしました" in await out.text()
        assert "genai_admin" not in {c.key for c in http.cookie_jar}
        async with http.get(world.url + "/admin", allow_redirects=False) as page:
            assert page.status == 303


async def test_a_post_from_another_site_is_refused(tmp_path: Path, entra: FakeEntraGraph) -> None:
    entra.sign_in_as("sato@example.go.jp", roles=("admin",))
    async with dashboard(tmp_path, entra) as world, world.browser_session() as http:
        await sign_in(http, world)
        async with http.post(world.url + "/admin/signout", headers={"Origin": "https://evil.example"}) as out:
            assert out.status == 403
        async with http.get(world.url + "/admin", allow_redirects=False) as page:
            assert page.status == 200  # still signed in


async def test_an_answer_with_another_state_is_refused(tmp_path: Path, entra: FakeEntraGraph) -> None:
    entra.sign_in_as("sato@example.go.jp", roles=("admin",))
    async with dashboard(tmp_path, entra) as world, world.browser_session() as http:
        callback = await _follow_to_callback(http, world)
        parts = urlsplit(callback)
        answer = {k: v[0] for k, v in parse_qs(parts.query).items()}
        forged = urlencode({**answer, "state": "someone-elses-state"})
        async with http.get(f"{world.url}{parts.path}?{forged}", allow_redirects=False) as page:
            assert page.status == 400
            assert "一致しませんでした" in await page.text()
        assert "genai_admin" not in {c.key for c in http.cookie_jar}
        assert entra.token_requests == 0  # the code was never redeemed


async def test_an_answer_without_a_sign_in_started_here_is_refused(tmp_path: Path, entra: FakeEntraGraph) -> None:
    entra.sign_in_as("sato@example.go.jp", roles=("admin",))
    async with dashboard(tmp_path, entra) as world:
        async with world.browser_session() as attacker:
            callback = await _follow_to_callback(attacker, world)
        async with world.browser_session() as victim, victim.get(callback, allow_redirects=False) as page:
            assert page.status == 400
            assert "やり直してください" in await page.text()
            assert "genai_admin" not in {c.key for c in victim.cookie_jar}


async def test_a_sign_in_left_too_long_starts_again(tmp_path: Path, entra: FakeEntraGraph) -> None:
    entra.sign_in_as("sato@example.go.jp", roles=("admin",))
    async with dashboard(tmp_path, entra) as world, world.browser_session() as http:
        callback = await _follow_to_callback(http, world)
        world.clock.set(world.clock.now() + timedelta(minutes=11))
        async with http.get(callback, allow_redirects=False) as page:
            assert page.status == 400


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/admin", "/\\evil.example", "/healthz"])
async def test_after_sign_in_the_browser_stays_on_the_dashboard(
    tmp_path: Path, entra: FakeEntraGraph, target: str
) -> None:
    entra.sign_in_as("sato@example.go.jp", roles=("admin",))
    async with dashboard(tmp_path, entra) as world, world.browser_session() as http:
        page = await sign_in(http, world, "/admin/signin?" + urlencode({"next": target}))
        assert page.status == 200 and str(page.url) == world.url + "/admin"


async def test_entra_unreachable_gives_a_page_to_try_again(tmp_path: Path, entra: FakeEntraGraph) -> None:
    async with dashboard(tmp_path, entra) as world, world.browser_session() as http:
        await entra.down()
        async with http.get(world.url + "/admin/signin?lang=en") as page:
            assert page.status == 503
            assert "could not be reached" in await page.text()


async def _follow_to_callback(http: aiohttp.ClientSession, world: DashboardWorld) -> str:
    """Start signing in and follow the browser to Entra ID; the callback address it is sent back to."""
    async with http.get(world.url + "/admin/signin", allow_redirects=False) as start:
        assert start.status == 302
        authorize = start.headers["Location"]
    async with http.get(authorize, allow_redirects=False) as entra_answer:
        assert entra_answer.status == 302
        return entra_answer.headers["Location"]
