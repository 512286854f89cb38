//! Every enum of the contract, declared once with its wire spelling. The SDK spells
//! statuses `Active`, `Pending_authorization`, ...; the seed writes `active`,
//! `pending_authorization`: we emit the SDK's spelling and parse either, case-insensitively.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Declares a wire enum once: its variants with their wire spelling, `ALL`, `as_str`,
/// case-insensitive `FromStr`, `Display`, and serde by that spelling. Every enum of the
/// contract goes through it, so nothing parses or prints them by hand.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident, $kind:literal { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$(Self::$variant),+];

            /// The spelling on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $wire),+ }
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL.iter().copied().find(|v| v.as_str().eq_ignore_ascii_case(s.trim())).ok_or_else(|| {
                    UnknownValue { kind: $kind, value: s.chars().take(64).collect(), expected: &[$($wire),+] }
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

wire_enum! {
    /// Lifecycle of a tool (for an MCP connector: of its authorization and health).
    ToolStatus, "tool status" {
        Active => "Active",
        PendingAuthorization => "Pending_authorization",
        Inactive => "Inactive",
        Deprecated => "Deprecated",
        Failed => "Failed",
    }
}

impl ToolStatus {
    /// Words for a person.
    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::PendingAuthorization => "Waiting for sign-in",
            Self::Inactive => "Inactive",
            Self::Deprecated => "Deprecated",
            Self::Failed => "Failed",
        }
    }

    /// A status no later event changes: polling can stop.
    pub fn is_final(self) -> bool {
        !matches!(self, Self::PendingAuthorization)
    }
}

wire_enum! {
    /// Lifecycle of an agent's deployment.
    AgentStatus, "agent status" {
        Inactive => "Inactive",
        Pending => "Pending",
        Active => "Active",
        Updating => "Updating",
        Failed => "Failed",
    }
}

wire_enum! {
    /// The tool types SeekrFlow knows. Patchbay's gateway serves only `McpConnector`,
    /// but it parses the others so it can refuse them with a clear sentence.
    ToolType, "tool type" {
        McpConnector => "mcp_connector",
        FileSearch => "file_search",
        WebSearch => "web_search",
        RunPython => "run_python",
        AgentAsTool => "agent_as_tool",
    }
}

wire_enum! {
    /// How the gateway speaks to the MCP server.
    #[derive(Default)]
    Transport, "transport" {
        #[default]
        StreamableHttp => "streamable-http",
        Sse => "sse",
    }
}

wire_enum! {
    /// How a connector signs in to its MCP server. Not in SeekrFlow's contract: the
    /// SPA states what the person chose (query `expect_auth` on create) so the gateway
    /// can say when the server wants something else; answers carry it in `auth_mode`.
    AuthMode, "sign-in mode" {
        /// OAuth, the gateway registers itself (RFC 7591 dynamic client registration).
        OauthDynamic => "oauth_dynamic",
        /// OAuth with the client id and secret the person registered with the provider.
        OauthClient => "oauth_client",
        /// No sign-in.
        None => "none",
    }
}

wire_enum! {
    /// How hard the agent's model thinks.
    #[derive(Default)]
    ReasoningEffort, "reasoning effort" {
        Low => "low",
        #[default]
        Medium => "medium",
        High => "high",
        PerformanceOptimized => "performance_optimized",
        SpeedOptimized => "speed_optimized",
    }
}

wire_enum! {
    /// When an agent writes its output step.
    OutputFrequency, "output frequency" {
        Always => "always",
        Never => "never",
        Automatic => "automatic",
    }
}

wire_enum! {
    /// How one call through the gateway ended (Patchbay's addition).
    CallOutcome, "call outcome" {
        /// The upstream tool answered without `isError`.
        Ok => "ok",
        /// The upstream tool answered with `isError: true`: the tool's own failure.
        ToolError => "tool_error",
        /// The gateway could not get an answer: sign-in, network, protocol.
        UpstreamFailure => "upstream_failure",
        /// The arguments did not match the tool's input schema; nothing was sent.
        Refused => "refused",
    }
}

/// A word that is none of an enum's spellings; its `Display` is a sentence listing them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\" is not a {}; use {}.", self.value, self.kind, self.expected.join(", "))
    }
}

impl std::error::Error for UnknownValue {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_status_emits_the_sdk_spelling() {
        let json = serde_json::to_string(&ToolStatus::PendingAuthorization).unwrap();
        assert_eq!(json, "\"Pending_authorization\"");
    }

    #[test]
    fn tool_status_parses_the_seed_and_sdk_spellings_case_insensitively() {
        for s in ["pending_authorization", "Pending_authorization", "PENDING_AUTHORIZATION"] {
            assert_eq!(s.parse::<ToolStatus>(), Ok(ToolStatus::PendingAuthorization));
        }
        assert_eq!("active".parse::<ToolStatus>(), Ok(ToolStatus::Active));
        assert!("pending".parse::<ToolStatus>().is_err());
    }

    #[test]
    fn every_enum_round_trips_through_its_wire_spelling() {
        for &s in AgentStatus::ALL {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(serde_json::from_str::<AgentStatus>(&json).unwrap(), s);
        }
        for t in ToolType::ALL.iter().copied() {
            assert_eq!(t.as_str().parse::<ToolType>(), Ok(t));
        }
        assert_eq!(serde_json::to_string(&Transport::StreamableHttp).unwrap(), "\"streamable-http\"");
        assert_eq!(serde_json::to_string(&ReasoningEffort::PerformanceOptimized).unwrap(), "\"performance_optimized\"");
        assert_eq!("oauth_client".parse::<AuthMode>(), Ok(AuthMode::OauthClient));
    }

    #[test]
    fn an_unknown_word_gets_a_sentence_listing_the_choices() {
        let e = "bogus".parse::<AuthMode>().unwrap_err();
        assert_eq!(e.to_string(), "\"bogus\" is not a sign-in mode; use oauth_dynamic, oauth_client, none.");
    }

    #[test]
    fn agent_status_round_trips() {
        for &s in AgentStatus::ALL {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(serde_json::from_str::<AgentStatus>(&json).unwrap(), s);
        }
    }
}
