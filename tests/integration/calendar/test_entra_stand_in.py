"""The Entra ID + Graph stand-in speaks the real protocols: msal sign-in flows and Graph's request limits."""

from __future__ import annotations

import asyncio
import re
import warnings
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import msal
import pytest
import requests

from tests.world.entra_graph import FakeEntraGraph

T0 = datetime(2026, 12, 1, tzinfo=UTC)


def _msal_app(entra: FakeEntraGraph, secret: str | None = None) -> msal.ConfidentialClientApplication:
    session = requests.Session()
    session.verify = str(entra.ca_bundle_path)
    session.trust_env = False  # REQUESTS_CA_BUNDLE in the environment would override `verify`
    return msal.ConfidentialClientApplication(
        entra.client_id,
        client_credential=secret or entra.client_secret,
        authority=entra.authority,
        http_client=session,
        instance_discovery=False,
    )


def _sign_in(entra: FakeEntraGraph, response_mode: str | None) -> dict[str, Any]:
    app = _msal_app(entra)
    callback = "https://bot.example.go.jp/auth/callback"
    extra = {"response_mode": response_mode} if response_mode else {}
    flow = app.initiate_auth_code_flow(["User.Read"], redirect_uri=callback, **extra)
    session = requests.Session()
    session.trust_env = False
    answer = session.get(flow["auth_uri"], verify=str(entra.ca_bundle_path), allow_redirects=False)
    if response_mode == "form_post":
        assert answer.status_code == 200 and f'action="{callback}"' in answer.text
        returned = dict(re.findall(r'name="(\w+)" value="([^"]*)"', answer.text))
    else:
        assert answer.status_code == 302
        location = urlsplit(answer.headers["Location"])
        assert f"{location.scheme}://{location.netloc}{location.path}" == callback
        returned = dict(parse_qsl(location.query))
    return dict(app.acquire_token_by_auth_code_flow(flow, returned))


@pytest.mark.parametrize("response_mode", ["form_post", None])
async def test_dashboard_sign_in_with_the_authorization_code_flow(
    entra: FakeEntraGraph, response_mode: str | None
) -> None:
    entra.add_user("kanri@example.go.jp", "管理 花子")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # msal nudges towards form_post; both modes are served
        result = await asyncio.to_thread(_sign_in, entra, response_mode)
    assert "error" not in result, result
    claims = result["id_token_claims"]
    assert claims["preferred_username"] == "kanri@example.go.jp"
    assert claims["name"] == "管理 花子"
    assert claims["aud"] == entra.client_id and claims["iss"] == entra.issuer


async def test_client_credentials_with_a_wrong_secret_are_refused(entra: FakeEntraGraph) -> None:
    app = await asyncio.to_thread(_msal_app, entra, "not-the-secret")
    result = await asyncio.to_thread(app.acquire_token_for_client, scopes=["https://graph.microsoft.com/.default"])
    assert result["error"] == "invalid_client"


async def _schedule(entra: FakeEntraGraph, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    app = await asyncio.to_thread(_msal_app, entra)
    token = await asyncio.to_thread(app.acquire_token_for_client, scopes=["https://graph.microsoft.com/.default"])
    connector = aiohttp.TCPConnector(ssl=entra.client_ssl_context())
    async with aiohttp.ClientSession(connector=connector) as http:
        url = f"{entra.graph_url}/users/chair@example.go.jp/calendar/getSchedule"
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        async with http.post(url, json=body, headers=headers) as response:
            return response.status, await response.json()


def _body(emails: list[str], days: float, interval: int = 15) -> dict[str, Any]:
    def dt(moment: datetime) -> dict[str, str]:
        return {"dateTime": moment.replace(tzinfo=None).isoformat(), "timeZone": "UTC"}

    return {
        "schedules": emails,
        "startTime": dt(T0),
        "endTime": dt(T0 + timedelta(days=days)),
        "availabilityViewInterval": interval,
    }


async def test_graph_limits_are_enforced(entra: FakeEntraGraph) -> None:
    entra.add_user("chair@example.go.jp")
    too_many = [f"p{i}@example.go.jp" for i in range(21)]
    assert (await _schedule(entra, _body(too_many, 1)))[0] == 400
    assert (await _schedule(entra, _body(["chair@example.go.jp"], 62)))[0] == 400
    assert (await _schedule(entra, _body(["chair@example.go.jp"], 1, interval=4)))[0] == 400
    status, answer = await _schedule(entra, _body(["chair@example.go.jp"], 61))
    assert status == 200 and answer["value"][0]["scheduleId"] == "chair@example.go.jp"


async def test_availability_view_and_items_agree(entra: FakeEntraGraph) -> None:
    entra.add_busy("chair@example.go.jp", T0 + timedelta(minutes=30), T0 + timedelta(minutes=60))
    entra.add_busy("chair@example.go.jp", T0 + timedelta(minutes=60), T0 + timedelta(minutes=90), status="oof")
    status, answer = await _schedule(entra, _body(["chair@example.go.jp"], 2 / 24, interval=30))
    entry = answer["value"][0]
    assert status == 200
    assert entry["availabilityView"] == "0230"
    assert [i["status"] for i in entry["scheduleItems"]] == ["busy", "oof"]
    assert entry["scheduleItems"][0]["start"] == {"dateTime": "2026-12-01T00:30:00.0000000", "timeZone": "UTC"}
