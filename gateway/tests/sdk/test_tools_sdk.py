"""The real `seekrai` SDK (PyPI) against the gateway, following the seed's code:
create (no-auth, against npm's MCP example server), list, read, update, delete, and
the gateway's refusals as the SDK raises them. `./run` starts both servers; it passes
PATCHBAY_BASE_URL, PATCHBAY_API_KEY and MCP_URL."""

import os
import socket

import pytest
from seekrai import SeekrFlow
from seekrai.error import AuthenticationError, InvalidRequestError
from seekrai.types import CreateMCPConnector, MCPConnectorConfig
from seekrai.types.enums import ToolStatus, ToolType
from seekrai.types.tools import UpdateMCPConnector, UpdateMCPConnectorConfig

BASE_URL = os.environ["PATCHBAY_BASE_URL"]
API_KEY = os.environ["PATCHBAY_API_KEY"]
MCP_URL = os.environ["MCP_URL"]


@pytest.fixture
def client():
    return SeekrFlow(api_key=API_KEY, base_url=BASE_URL)


def connector(url, **extra):
    return CreateMCPConnector(
        name="my_mcp_tool",
        description="Use this tool to greet people. Invoke it when the user asks for a greeting.",
        config=MCPConnectorConfig(url=url, **extra),
    )


def test_a_no_auth_server_is_created_active_and_round_trips(client):
    tool = client.tools.create(connector(MCP_URL))
    assert tool.status == ToolStatus.ACTIVE
    assert tool.config.url == MCP_URL
    assert tool.config.authorization_url is None

    listed = client.tools.list(tool_type=ToolType.MCP_CONNECTOR, tool_status=ToolStatus.ACTIVE)
    assert tool.id in [t.id for t in listed.data]

    read = client.tools.retrieve(tool.id)
    assert read.name == "my_mcp_tool" and read.version == 1

    updated = client.tools.update(
        tool.id, UpdateMCPConnector(name="updated_name", description="Updated description.")
    )
    assert (updated.name, updated.description, updated.version) == ("updated_name", "Updated description.", 2)

    deleted = client.tools.delete(tool.id)
    assert deleted.deleted
    with pytest.raises(InvalidRequestError) as missing:
        client.tools.retrieve(tool.id)
    assert "No tool has the id" in str(missing.value)


def test_changing_the_url_is_refused_with_a_sentence_to_create_a_new_tool(client):
    tool = client.tools.create(connector(MCP_URL))
    with pytest.raises(InvalidRequestError) as refused:
        client.tools.update(
            tool.id, UpdateMCPConnector(config=UpdateMCPConnectorConfig(url="https://other.example.com/mcp"))
        )
    assert "create a new one" in str(refused.value)
    assert client.tools.retrieve(tool.id).config.url == MCP_URL
    client.tools.delete(tool.id)


def test_mcp_connectors_cannot_be_duplicated(client):
    tool = client.tools.create(connector(MCP_URL))
    with pytest.raises(InvalidRequestError) as refused:
        client.tools.duplicate(tool.id, name="copy")
    assert "cannot be duplicated" in str(refused.value)
    client.tools.delete(tool.id)


def test_an_unreachable_server_is_refused_before_anything_is_stored(client):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/mcp"
    before = client.tools.list().total
    with pytest.raises(InvalidRequestError) as refused:
        client.tools.create(connector(closed))
    assert "could not connect" in str(refused.value)
    assert client.tools.list().total == before


def test_oauth_credentials_for_a_server_without_sign_in_are_refused(client):
    with pytest.raises(InvalidRequestError) as refused:
        client.tools.create(connector(MCP_URL, client_id="id", client_secret="secret"))
    assert "needs no sign-in" in str(refused.value)


def test_a_wrong_api_key_is_an_authentication_error():
    with pytest.raises(AuthenticationError):
        SeekrFlow(api_key="wrong-key", base_url=BASE_URL).tools.list()
