"""Agents through the real `seekrai` SDK (PyPI), following the seed's "Link to an
agent" code: create from an active no-auth tool, list, read, update, preview an
update, demote/promote, delete; and the refusals as the SDK raises them. `./run`
starts the gateway and npm's MCP example server and passes PATCHBAY_BASE_URL,
PATCHBAY_API_KEY and MCP_URL."""

import json
import os

import pytest
from seekrai import SeekrFlow
from seekrai.error import ConflictError, InvalidRequestError
from seekrai.types import CreateAgentRequest, CreateMCPConnector, MCPConnectorConfig
from seekrai.types.agents.agent import UpdateAgentRequest
from seekrai.types.enums import AgentStatus, ReasoningEffort, ToolStatus

BASE_URL = os.environ["PATCHBAY_BASE_URL"]
API_KEY = os.environ.get("PATCHBAY_API_KEY", "unused")
MCP_URL = os.environ["MCP_URL"]
MODEL = "meta-llama/Llama-3.3-70B-Instruct"


@pytest.fixture
def client():
    return SeekrFlow(api_key=API_KEY, base_url=BASE_URL)


@pytest.fixture
def active_tool(client):
    """A no-auth connector: active at once, so it may be linked (seed)."""
    tool = client.tools.create(
        CreateMCPConnector(
            name="greeter",
            description="Use this tool to greet people. Invoke it when the user asks for a greeting.",
            config=MCPConnectorConfig(url=MCP_URL),
        )
    )
    assert tool.status == ToolStatus.ACTIVE
    yield tool
    for agent in client.agents.list_agents():
        if tool.id in [t.id for t in agent.tools]:
            client.agents.delete(agent.id)
    client.tools.delete(tool.id)


def detail(refused):
    """The gateway's sentence: the SDK's message is "Error code: 400 - <body>"."""
    text = str(refused.value)
    return json.loads(text[text.index("{"):])["detail"]


def new_agent(client, tool_ids, name="MyAgent"):
    return client.agents.create(
        CreateAgentRequest(
            name=name,
            instructions="You are an expert assistant. Use the MCP tool to access external data when needed.",
            model_id=MODEL,
            tool_ids=tool_ids,
        )
    )


def test_an_agent_round_trips_through_the_sdk(client, active_tool):
    agent = new_agent(client, [active_tool.id])
    assert agent.name == "MyAgent" and agent.model_id == MODEL
    assert agent.status == AgentStatus.ACTIVE
    assert agent.reasoning_effort == ReasoningEffort.MEDIUM
    assert [t.id for t in agent.tools] == [active_tool.id]
    assert agent.tools[0].config.url == MCP_URL

    assert agent.id in [a.id for a in client.agents.list_agents()]
    assert client.agents.retrieve(agent.id).instructions == agent.instructions

    preview = client.agents.update_diff(agent.id, UpdateAgentRequest(name="Renamed"))
    assert preview.diff["name"] == {"before": "MyAgent", "after": "Renamed"}
    assert client.agents.retrieve(agent.id).name == "MyAgent", "a diff stores nothing"

    updated = client.agents.update(
        agent.id, UpdateAgentRequest(name="Renamed", temperature=0.3, reasoning_effort=ReasoningEffort.HIGH)
    )
    assert (updated.name, updated.temperature, updated.reasoning_effort) == ("Renamed", 0.3, ReasoningEffort.HIGH)
    assert [t.id for t in updated.tools] == [active_tool.id], "tool_ids left out keeps the links"

    assert client.agents.demote(agent.id).status == AgentStatus.INACTIVE
    promoted = client.agents.promote(agent.id)
    assert promoted.status == AgentStatus.ACTIVE and promoted.last_deployed_at is not None

    assert client.agents.delete(agent.id).deleted
    with pytest.raises(InvalidRequestError) as missing:
        client.agents.retrieve(agent.id)
    assert detail(missing).startswith("No agent has the id")


def test_linking_an_unknown_tool_is_refused_with_a_sentence(client, active_tool):
    with pytest.raises(InvalidRequestError) as refused:
        new_agent(client, [active_tool.id, "no-such-tool"])
    assert detail(refused).startswith("Only active tools can be linked")
    assert 'no tool has the id "no-such-tool"' in detail(refused)


def test_an_out_of_range_temperature_is_refused_by_the_gateway_too(client):
    # The SDK's own model checks 0..2; a raw request shows the gateway checks again.
    import requests

    res = requests.post(
        f"{BASE_URL}/v2/flow/agents/create",
        json={"name": "A", "instructions": "i", "model_id": MODEL, "temperature": 3},
        headers={"Authorization": API_KEY},
        timeout=10,
    )
    assert res.status_code == 400
    assert res.json()["field"] == "temperature"


def test_deleting_a_tool_an_active_agent_uses_is_refused_naming_the_agent(client, active_tool):
    agent = new_agent(client, [active_tool.id], name="Greeter agent")
    with pytest.raises(ConflictError) as refused:
        client.tools.delete(active_tool.id)
    assert 'used by the active agent "Greeter agent"' in detail(refused)
    client.agents.demote(agent.id)
    client.agents.delete(agent.id)
