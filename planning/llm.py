"""The LLM planner: one ACI action from any OpenAI-compatible chat-completions endpoint.

This is the one home of droidpilot's LLM HTTP calls (httpx). Their failures
leave here as `LlmEndpointError` naming the endpoint and the status. A reply
is read tolerantly (`planning.replies`); an unreadable one is asked for again
once with the problem, then raised as `LlmReplyError`. When the model proposes
exactly the step that just failed, it is asked once for a different one; if it
insists, the plan is `fail` rather than a loop.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Any

import httpx

import aci
from planning.appmap import AppMap
from planning.base import Plan, Step
from planning.config import LlmConfig
from planning.errors import LlmEndpointError, LlmError, LlmReplyError, UnreadableReplyError
from planning.history import describe_outcome, last_failure
from planning.prompt import Message, build_messages, retry_different, retry_unreadable
from planning.recall import Recall
from planning.replies import Reply, parse_reply

__all__ = ["LlmPlanner"]

logger = logging.getLogger(__name__)

_EXCERPT = 200


class LlmPlanner:
    """Asks a chat model for the next action; close it (or use `with`) to free its connections."""

    def __init__(self, config: LlmConfig, *, memory: Sequence[AppMap] = ()) -> None:
        """`memory`: the maps of the apps the harness explored; the controls that fit the
        goal, and how to reach them, go into the prompt."""
        self.config = config
        self._recall = Recall(memory)
        headers = {}
        if config.api_key is not None:
            key = config.api_key.get_secret_value()
            if not key.isascii() or not key.isprintable():
                raise LlmError(
                    "the LLM api key holds characters an HTTP header cannot carry: use the "
                    "key exactly as the provider issued it (visible ASCII)",
                    endpoint=config.endpoint,
                )
            headers["Authorization"] = f"Bearer {key}"
        # No redirects: the key goes to the configured endpoint and nowhere else.
        self._client = httpx.Client(
            timeout=config.timeout_s, headers=headers, follow_redirects=False
        )

    def next_action(self, goal: str, screen: aci.Screen, history: Sequence[Step]) -> Plan:
        """The model's next action towards `goal`; never the step that just failed, as is."""
        known = self._recall.hints(goal) if self._recall.maps else []
        messages = build_messages(goal, screen, history, known=known)
        reply, conversation = self._ask(messages, screen)
        failed = last_failure(history)
        if failed is not None and reply.action == failed.action:
            # DEBUG: the action may hold text the user types.
            logger.debug(
                "model %s repeated the failed step %s; asking again",
                self.config.model,
                reply.action,
            )
            conversation.append(retry_different(reply.action, failed))
            reply, _ = self._ask(conversation, screen)
            if reply.action == failed.action:
                reason = (
                    f"the model keeps proposing {reply.action}, the step that just failed "
                    f"({describe_outcome(failed)})"
                )
                return Plan(action=aci.Fail(reason=reason), reason=reason, done=False)
        reason = reply.reason or f"proposed by {self.config.model}"
        return Plan(action=reply.action, reason=reason, done=isinstance(reply.action, aci.Done))

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> LlmPlanner:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _ask(self, messages: list[Message], screen: aci.Screen) -> tuple[Reply, list[Message]]:
        """A readable reply and the conversation so far; one retry when the first is unreadable."""
        conversation = list(messages)
        content = self._chat(conversation)
        conversation.append({"role": "assistant", "content": content})
        try:
            return self._parse(content, screen), conversation
        except UnreadableReplyError as exc:
            logger.info("model %s gave no readable action; asking again", self.config.model)
            logger.debug("unreadable reply: %s", exc)
            conversation.append(retry_unreadable(str(exc)))
        content = self._chat(conversation)
        conversation.append({"role": "assistant", "content": content})
        try:
            return self._parse(content, screen), conversation
        except UnreadableReplyError as exc:
            raise LlmReplyError(
                f"model {self.config.model} at {self.config.endpoint} gave no readable action, "
                f"even when asked again: {exc}",
                endpoint=self.config.endpoint,
            ) from exc

    def _parse(self, content: str, screen: aci.Screen) -> Reply:
        return parse_reply(content, screen, grid=self.config.coordinate_grid)

    def _chat(self, messages: list[Message]) -> str:
        """The reply text of one chat-completions request; LlmEndpointError when there is none."""
        url = self.config.endpoint
        body = {
            "model": self.config.model,
            "messages": messages,
            "temperature": self.config.temperature,
            "max_tokens": self.config.max_tokens,
        }
        started = time.perf_counter()
        try:
            response = self._client.post(url, json=body)
        except httpx.TimeoutException as exc:
            raise LlmEndpointError(
                f"LLM endpoint {url} did not answer within {self.config.timeout_s:g}s "
                f"(model {self.config.model}); raise timeout_s or use a faster model",
                endpoint=url,
            ) from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise LlmEndpointError(
                f"LLM endpoint {url} could not be reached: {exc or type(exc).__name__}",
                endpoint=url,
            ) from exc
        logger.debug(
            "chat %s model=%s status=%s %.0f ms",
            url,
            self.config.model,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        if response.status_code >= 300:  # redirects included: they are not followed
            raise _status_error(url, response)
        return _content(url, response)


def _status_error(url: str, response: httpx.Response) -> LlmEndpointError:
    status = response.status_code
    said = _said(response)
    if status == 429:
        wait = response.headers.get("retry-after")
        later = f"; retry after {wait}s" if wait else "; retry later"
        message = f"LLM endpoint {url} is rate limiting requests (HTTP 429): {said}{later}"
    elif status >= 500:
        message = f"LLM endpoint {url} failed with HTTP {status}: {said}"
    elif 300 <= status < 400:
        where = response.headers.get("location", "elsewhere")
        message = (
            f"LLM endpoint {url} redirects to {where} (HTTP {status}); redirects are not "
            "followed, so that its key goes nowhere else: give the final URL as base_url"
        )
    else:
        message = (
            f"LLM endpoint {url} refused the request with HTTP {status}: {said}; "
            "check the base URL, the model name and the API key"
        )
    return LlmEndpointError(message, endpoint=url, status=status)


def _said(response: httpx.Response) -> str:
    """The error message in an OpenAI-style error body, else the start of the body."""
    try:
        data: Any = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict):
        error = data.get("error")
        message = error.get("message") if isinstance(error, dict) else error or data.get("detail")
        if isinstance(message, str) and message.strip():
            return _excerpt(message)
    return _excerpt(response.text) or "(empty body)"


def _content(url: str, response: httpx.Response) -> str:
    """choices[0].message.content as text (a list of text parts is joined)."""
    try:
        data: Any = response.json()
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LlmEndpointError(
            f"LLM endpoint {url} did not answer with a chat completion "
            f"(no choices[0].message.content): {_excerpt(response.text)}",
            endpoint=url,
            status=response.status_code,
        ) from exc
    if isinstance(content, list):
        content = "\n".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return content if isinstance(content, str) else ""


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1] + "…"
