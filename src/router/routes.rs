//! Which page an address shows: pure, so every route is tested natively.

use crate::url::decode;

/// The app's pages, each with what its address carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Tools,
    AddTool,
    Tool {
        id: String,
    },
    /// Where the sign-in window lands after the gateway's OAuth callback.
    Authorized,
    Agents,
    /// The builder, for a new agent (`None`) or an existing one.
    AgentBuilder {
        id: Option<String>,
    },
    Agent {
        id: String,
    },
    Settings,
    NotFound,
}

impl Route {
    /// The route for a path (no query, no fragment). A trailing slash is ignored; ids are
    /// percent-decoded, as `url::encode` wrote them.
    pub fn from_path(path: &str) -> Self {
        let trimmed = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
        let segments: Vec<&str> = trimmed.split('/').skip(1).collect();
        let id = |s: &str| decode(s).filter(|id| !id.is_empty());
        match segments.as_slice() {
            [""] | ["tools"] => Self::Tools,
            ["tools", "new"] => Self::AddTool,
            ["tools", t] => id(t).map_or(Self::NotFound, |id| Self::Tool { id }),
            ["authorized"] => Self::Authorized,
            ["agents"] => Self::Agents,
            ["agents", "new"] => Self::AgentBuilder { id: None },
            ["agents", a] => id(a).map_or(Self::NotFound, |id| Self::Agent { id }),
            ["agents", a, "edit"] => id(a).map_or(Self::NotFound, |id| Self::AgentBuilder { id: Some(id) }),
            ["settings"] => Self::Settings,
            _ => Self::NotFound,
        }
    }

    /// The id in the address, for the pages that have one.
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::Tool { id } | Self::Agent { id } | Self::AgentBuilder { id: Some(id) } => Some(id),
            _ => None,
        }
    }
}

/// Whether a header link to `href` is the current section: `/tools` is current on a
/// tool's page too, and the Tools list at `/`.
pub fn is_current_section(path: &str, href: &str) -> bool {
    path == href
        || path.strip_prefix(href).is_some_and(|rest| rest.starts_with('/'))
        || (path == "/" && href == "/tools")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::encode;

    #[test]
    fn every_page_has_its_address() {
        assert_eq!(Route::from_path("/"), Route::Tools);
        assert_eq!(Route::from_path("/tools"), Route::Tools);
        assert_eq!(Route::from_path("/tools/"), Route::Tools);
        assert_eq!(Route::from_path("/tools/new"), Route::AddTool);
        assert_eq!(Route::from_path("/tools/t1"), Route::Tool { id: "t1".into() });
        assert_eq!(Route::from_path("/authorized"), Route::Authorized);
        assert_eq!(Route::from_path("/agents"), Route::Agents);
        assert_eq!(Route::from_path("/agents/new"), Route::AgentBuilder { id: None });
        assert_eq!(Route::from_path("/agents/a1"), Route::Agent { id: "a1".into() });
        assert_eq!(Route::from_path("/agents/a1/edit"), Route::AgentBuilder { id: Some("a1".into()) });
        assert_eq!(Route::from_path("/settings"), Route::Settings);
    }

    #[test]
    fn unknown_addresses_are_not_found() {
        for path in ["/nope", "/tools/a/b", "/agents/a/delete", "/settings/x", "/tools//", "", "tools"] {
            assert_eq!(Route::from_path(path), Route::NotFound, "{path}");
        }
    }

    #[test]
    fn ids_come_back_as_they_were_encoded() {
        for id in ["a/b", "x y", "ünï", "100%"] {
            assert_eq!(Route::from_path(&format!("/tools/{}", encode(id))).id(), Some(id));
        }
        // A malformed escape is not an id.
        assert_eq!(Route::from_path("/tools/%E0%A4"), Route::NotFound);
    }

    #[test]
    fn a_header_link_is_current_in_its_whole_section() {
        assert!(is_current_section("/tools/t1", "/tools"));
        assert!(is_current_section("/", "/tools"));
        assert!(is_current_section("/agents", "/agents"));
        assert!(!is_current_section("/toolsmith", "/tools"));
        assert!(!is_current_section("/settings", "/agents"));
    }
}
