"""A botbuilder BotAdapter that sends through the shared Connector instead of a client per activity."""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ActivityTypes, ConversationReference, ResourceResponse

from bot.channels.teams.connector import Connector
from bot.channels.teams.wire import activity_to_json


class TeamsAdapter(BotAdapter):
    """Runs TeamsActivityHandler turns; replies go out over one pooled HTTP session per process."""

    def __init__(self, connector: Connector, on_error: Callable[[TurnContext, Exception], Awaitable[None]]):
        super().__init__()
        self.connector = connector
        self.on_error = on_error  # incoming turns only: a proactive send's failure goes back to its caller

    async def process(self, activity: Activity, logic) -> Any:
        """Run one incoming activity through the bot; returns an invoke response if the bot set one."""
        context = TurnContext(self, activity)
        # TeamsInfo looks for botbuilder's connector client here; one is kept per serviceUrl.
        context.turn_state[BotAdapter.BOT_CONNECTOR_CLIENT_KEY] = self.connector.client(activity.service_url)
        try:
            await self.run_pipeline(context, logic)
        except Exception as exc:  # one bad turn must not take the endpoint down; on_error reports it
            await self.on_error(context, exc)
        return context.turn_state.get(BotAdapter._INVOKE_RESPONSE_KEY)

    async def send_activities(self, context: TurnContext, activities: list[Activity]) -> list[ResourceResponse]:
        responses = []
        for activity in activities:
            if activity.type == "delay":
                await asyncio.sleep((activity.value or 1000) / 1000)
                responses.append(ResourceResponse())
            elif activity.type == ActivityTypes.invoke_response:
                context.turn_state[BotAdapter._INVOKE_RESPONSE_KEY] = activity
                responses.append(ResourceResponse())
            else:
                answer = await self.connector.send_activity(
                    activity.service_url, activity.conversation.id, activity_to_json(activity), retry=True)
                responses.append(ResourceResponse(id=answer.get("id")))
        return responses

    async def update_activity(self, context: TurnContext, activity: Activity):
        client = self.connector.client(activity.service_url)
        return await client.conversations.update_activity(activity.conversation.id, activity.id, activity)

    async def delete_activity(self, context: TurnContext, reference: ConversationReference):
        client = self.connector.client(reference.service_url)
        await client.conversations.delete_activity(reference.conversation.id, reference.activity_id)

