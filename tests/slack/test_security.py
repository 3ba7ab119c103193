"""Only Slack can talk to the bot: forged, unsigned and replayed requests get 401 and write nothing."""
from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from models import AuditEvent, InterventionSession, ProcessedEvent, StaffIdentity
from tests.slack.conftest import payload, sign


def _nothing_written(db) -> None:
    for model in (InterventionSession, ProcessedEvent, AuditEvent):
        assert db.scalar(select(func.count(model.id))) == 0
    assert db.scalar(select(func.count(StaffIdentity.id))) == 2  # the two the school started with


@pytest.mark.parametrize("headers", [
    pytest.param({}, id="unsigned"),
    pytest.param(sign(b"something else"), id="signature-of-another-body"),
    pytest.param(sign(json.dumps(payload("message_im")).encode(), secret="not-the-secret"), id="wrong-secret"),
    pytest.param(sign(json.dumps(payload("message_im")).encode(), timestamp=int(time.time()) - 6 * 60),
                 id="replayed-six-minutes-later"),
])
async def test_forged_unsigned_and_replayed_events_are_refused(bot, slack_api, db, headers):
    user, channel = bot
    raw = json.dumps(payload("message_im")).encode()
    response = await user.raw(raw, "application/json", headers)
    assert response.status == 401
    await channel.settle()
    _nothing_written(db)
    assert slack_api.calls == []


async def test_a_forged_modal_submission_is_refused(bot, slack_api, db):
    user, channel = bot
    raw = urlencode({"payload": json.dumps(payload("view_submission"))}).encode()
    response = await user.raw(raw, "application/x-www-form-urlencoded", sign(raw, secret="guess"))
    assert response.status == 401
    await channel.settle()
    _nothing_written(db)
