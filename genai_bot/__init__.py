"""genai-bot core: settings, command registry, database, ports. Never imports an adapter."""

__version__ = "0.1.0"
