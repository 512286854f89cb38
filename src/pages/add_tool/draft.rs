//! The form's state: one signal per field, the checks from `patchbay_wire::validate`, and
//! the gateway's last refusal, each problem pinned to its field (and the value refused).

use crate::api::ApiError;
use crate::refusal::Refusal;
use leptos::prelude::*;
use patchbay_wire::{AuthMode, CreateMcpConfig, CreateTool, ToolType, validate};

/// Field names as the gateway sends them in `ErrorBody::field`.
pub const NAME: &str = "name";
pub const DESCRIPTION: &str = "description";
pub const URL: &str = "config.URL";
pub const CLIENT_ID: &str = "config.CLIENT_ID";
pub const CLIENT_SECRET: &str = "config.CLIENT_SECRET";
/// In the order the fields appear, for focusing the first invalid one.
pub const FIELDS: [&str; 5] = [NAME, DESCRIPTION, URL, CLIENT_ID, CLIENT_SECRET];

#[derive(Clone, Copy)]
pub struct Draft {
    pub mode: RwSignal<AuthMode>,
    pub name: RwSignal<String>,
    pub description: RwSignal<String>,
    pub url: RwSignal<String>,
    pub client_id: RwSignal<String>,
    /// Lives only in this signal and the one request; never stored or put in an address.
    pub client_secret: RwSignal<String>,
    pub refusal: RwSignal<Option<Refusal>>,
}

impl Draft {
    /// An empty form, or one pre-filled from `/tools/new?name=..&description=..&url=..&mode=..`
    /// ("Create it again" on a failed tool). There is deliberately no secret parameter.
    /// `query` reads one parameter (a function, so tests need no browser to build one).
    pub fn from_query(query: impl Fn(&str) -> Option<String>) -> Self {
        let get = |k: &str| query(k).unwrap_or_default();
        let mode = query("mode").and_then(|m| m.parse().ok()).unwrap_or(AuthMode::OauthDynamic);
        Self {
            mode: RwSignal::new(mode),
            name: RwSignal::new(get("name")),
            description: RwSignal::new(get("description")),
            url: RwSignal::new(get("url")),
            client_id: RwSignal::new(get("client_id")),
            client_secret: RwSignal::new(String::new()),
            refusal: RwSignal::new(None),
        }
    }

    pub fn value(&self, field: &str) -> RwSignal<String> {
        match field {
            NAME => self.name,
            DESCRIPTION => self.description,
            CLIENT_ID => self.client_id,
            CLIENT_SECRET => self.client_secret,
            _ => self.url,
        }
    }

    /// This field's problem right now: our own check first, else the gateway's refusal.
    pub fn error(&self, field: &'static str) -> Option<String> {
        let v = self.value(field).get();
        let own = match field {
            NAME => validate::name(&v).err(),
            DESCRIPTION => validate::description(&v).err(),
            URL => validate::server_url(&v).err(),
            _ if self.mode.get() != AuthMode::OauthClient => None,
            _ => {
                let (id, secret) = (self.client_id.get(), self.client_secret.get());
                validate::client_credentials(Some(&id), Some(&secret)).err().filter(|(f, _)| f == field).map(|(_, e)| e)
            }
        };
        own.or_else(|| self.refusal.with(|r| r.as_ref().and_then(|r| r.at(field, &v))))
    }

    /// What the gateway refused that no field of this form shows.
    pub fn general_refusal(&self) -> Option<String> {
        self.refusal.with(|r| r.as_ref().and_then(|r| r.general.clone()))
    }

    /// Keeps the gateway's refusal, each problem at its field; returns the first field
    /// refused, for the cursor.
    pub fn refuse(&self, e: &ApiError) -> Option<&'static str> {
        let refusal = Refusal::new(e, &FIELDS, |f| self.value(f).get_untracked());
        let first = refusal.first_field(&FIELDS);
        self.refusal.set(Some(refusal));
        first
    }

    /// The first field with a problem, in form order.
    pub fn first_invalid(&self) -> Option<&'static str> {
        FIELDS.into_iter().find(|f| self.error(f).is_some())
    }

    pub fn request(&self) -> CreateTool {
        let with_client = self.mode.get_untracked() == AuthMode::OauthClient;
        let trimmed = |s: RwSignal<String>| s.get_untracked().trim().to_string();
        CreateTool {
            tool_type: ToolType::McpConnector,
            name: trimmed(self.name),
            description: trimmed(self.description),
            config: CreateMcpConfig {
                url: trimmed(self.url),
                client_id: with_client.then(|| trimmed(self.client_id)),
                client_secret: with_client.then(|| self.client_secret.get_untracked()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(mode: &str) -> Draft {
        let q = [("name", "Inventory"), ("description", "Stock levels"), ("url", "https://mcp.example.com/mcp")];
        Draft::from_query(|k| {
            q.into_iter().chain([("mode", mode)]).find(|(key, _)| *key == k).map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn a_prefilled_form_is_valid_and_never_carries_a_secret() {
        let d = filled("none");
        assert_eq!(d.mode.get_untracked(), AuthMode::None);
        assert_eq!(d.first_invalid(), None);
        assert_eq!(d.client_secret.get_untracked(), "");
        assert_eq!(d.request().config.client_id, None);
    }

    #[test]
    fn client_id_and_secret_are_checked_only_in_the_client_mode() {
        let d = filled("oauth_dynamic");
        assert_eq!(d.error(CLIENT_ID), None);
        d.mode.set(AuthMode::OauthClient);
        assert!(d.error(CLIENT_ID).is_some());
        d.client_id.set("abc".into());
        assert_eq!(d.error(CLIENT_ID), None);
        assert_eq!(d.first_invalid(), Some(CLIENT_SECRET));
        d.client_secret.set("s3cret".into());
        assert_eq!(d.first_invalid(), None);
        assert_eq!(d.request().config.client_secret.as_deref(), Some("s3cret"));
    }

    #[test]
    fn every_refused_field_shows_its_problem_until_its_value_changes() {
        let d = filled("none");
        let e = ApiError::from_answer(
            422,
            r#"{"detail":"Rename it. This server requires OAuth sign-in.","problems":[
                {"field":"name","detail":"Rename it."},
                {"field":"config.URL","detail":"This server requires OAuth sign-in."}]}"#,
        );
        assert_eq!(d.refuse(&e), Some(NAME));
        assert_eq!(d.error(NAME).as_deref(), Some("Rename it."));
        assert_eq!(d.error(URL).as_deref(), Some("This server requires OAuth sign-in."));
        assert_eq!(d.general_refusal(), None);
        d.url.set("https://other.example.com/mcp".into());
        assert_eq!(d.error(URL), None);
        assert_eq!(d.error(NAME).as_deref(), Some("Rename it."));
    }

    #[test]
    fn a_refusal_naming_no_field_is_shown_for_the_form() {
        let d = filled("none");
        assert_eq!(d.refuse(&ApiError::from_answer(429, r#"{"detail":"The gateway is busy."}"#)), None);
        assert_eq!(d.general_refusal().as_deref(), Some("The gateway is busy."));
        assert_eq!(d.first_invalid(), None);
    }

    #[test]
    fn the_mode_in_the_address_is_read_in_any_case_and_defaults_to_automatic() {
        assert_eq!(filled("OAUTH_CLIENT").mode.get_untracked(), AuthMode::OauthClient);
        assert_eq!(filled("bogus").mode.get_untracked(), AuthMode::OauthDynamic);
    }
}
