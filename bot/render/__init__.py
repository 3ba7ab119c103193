"""Renderers: one channel-neutral Rendered reply drawn as plain text, Adaptive Cards, Block Kit or HTML."""
