//! Status enums. The SDK spells them `Active`, `Pending_authorization`, ...; the seed
//! writes `active`, `pending_authorization`. We emit the SDK's spelling and parse either.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Lifecycle of a tool (for an MCP connector: of its authorization and health).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ToolStatus {
    Active,
    PendingAuthorization,
    Inactive,
    Deprecated,
    Failed,
}

impl ToolStatus {
    pub const ALL: [ToolStatus; 5] =
        [Self::Active, Self::PendingAuthorization, Self::Inactive, Self::Deprecated, Self::Failed];

    /// The SDK's spelling, used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::PendingAuthorization => "Pending_authorization",
            Self::Inactive => "Inactive",
            Self::Deprecated => "Deprecated",
            Self::Failed => "Failed",
        }
    }

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

/// Parses `Active`, `active`, `Pending_authorization`, `pending_authorization`, ...
fn parse_case_insensitive<T: Copy>(s: &str, all: &[T], as_str: fn(T) -> &'static str) -> Option<T> {
    all.iter().copied().find(|v| as_str(*v).eq_ignore_ascii_case(s.trim()))
}

impl FromStr for ToolStatus {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_case_insensitive(s, &Self::ALL, Self::as_str).ok_or_else(|| UnknownStatus(s.into()))
    }
}

/// Lifecycle of an agent's deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgentStatus {
    Inactive,
    Pending,
    Active,
    Updating,
    Failed,
}

impl AgentStatus {
    pub const ALL: [AgentStatus; 5] = [Self::Inactive, Self::Pending, Self::Active, Self::Updating, Self::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inactive => "Inactive",
            Self::Pending => "Pending",
            Self::Active => "Active",
            Self::Updating => "Updating",
            Self::Failed => "Failed",
        }
    }
}

impl FromStr for AgentStatus {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_case_insensitive(s, &Self::ALL, Self::as_str).ok_or_else(|| UnknownStatus(s.into()))
    }
}

/// A status word that is none of the known ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStatus(pub String);

impl fmt::Display for UnknownStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown status {:?}", self.0)
    }
}

macro_rules! serde_by_str {
    ($t:ty) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
serde_by_str!(ToolStatus);
serde_by_str!(AgentStatus);

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
    fn agent_status_round_trips() {
        for s in AgentStatus::ALL {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(serde_json::from_str::<AgentStatus>(&json).unwrap(), s);
        }
    }
}
