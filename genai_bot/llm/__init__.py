"""The LLM gateway: providers, routing per task, masking, retries and fallback, usage accounting.

Skills reach a model only through the request's room-aware handle, `ctx.llm` (a `RoomLLM`), which applies the
room's classification, masking and usage accounting; nothing else talks to a model.
"""

from genai_bot.llm import messages as _messages  # registers the llm.* message keys
from genai_bot.llm.classification import (
    channel_classification,
    parse_classification,
    set_channel_classification,
)
from genai_bot.llm.gateway import LLMGateway
from genai_bot.llm.handle import Classification, RoomLLM, parse_json_object
from genai_bot.llm.masking import Masker, MaskRules, StreamUnmasker
from genai_bot.llm.settings import (
    CLASSIFICATION_LEVELS,
    TASKS,
    LLMSettings,
    Price,
    ProviderConfig,
    load_llm_settings,
)
from genai_bot.llm.types import AnswerCut, CallContext, ChatMessage, Completion, Role, assistant, system, user

del _messages

__all__ = [
    "CLASSIFICATION_LEVELS",
    "TASKS",
    "AnswerCut",
    "CallContext",
    "ChatMessage",
    "Classification",
    "Completion",
    "LLMGateway",
    "LLMSettings",
    "MaskRules",
    "Masker",
    "Price",
    "ProviderConfig",
    "Role",
    "RoomLLM",
    "StreamUnmasker",
    "assistant",
    "channel_classification",
    "load_llm_settings",
    "parse_classification",
    "parse_json_object",
    "set_channel_classification",
    "system",
    "user",
]
