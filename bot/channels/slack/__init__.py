"""The Slack channel: bolt listeners over HTTP or Socket Mode, Block Kit replies, a proactive sender."""
from bot.channels.slack.app import build, register, start_socket_mode
from bot.channels.slack.sender import SlackSender

__all__ = ["SlackSender", "build", "register", "start_socket_mode"]
