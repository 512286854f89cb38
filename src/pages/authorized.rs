//! Where the gateway sends the sign-in window after the OAuth callback: tells the app's
//! tabs the outcome over `BroadcastChannel`, says so, and closes itself when it worked.

use crate::app::tool_href;
use crate::router::query;
use crate::signin::{AuthResult, announce};
use leptos::prelude::*;
use std::time::Duration;

/// Long enough to read "Connected", short enough not to linger.
const CLOSE_AFTER: Duration = Duration::from_millis(1500);

#[component]
pub fn AuthorizedPage() -> impl IntoView {
    let Some(tool) = query("tool").filter(|t| !t.is_empty()) else {
        return view! {
            <section class="page narrow">
                <h1>"Nothing to finish"</h1>
                <p>"This page completes a sign-in started from Patchbay. "<a href="/tools">"Go to your tools"</a>"."</p>
            </section>
        }
        .into_any();
    };
    let error = query("error").filter(|e| !e.is_empty());
    let result = AuthResult { tool: tool.clone(), ok: error.is_none(), error: error.clone() };
    announce(&result);
    if result.ok {
        set_timeout(
            || {
                // Browsers only let a script close windows a script opened; otherwise the text says what to do.
                if let Some(w) = web_sys::window() {
                    let _ = w.close();
                }
            },
            CLOSE_AFTER,
        );
    }
    let tool_link = tool_href(&tool);
    view! {
        <section class="page narrow authorized" data-ok=result.ok.to_string()>
            {match error {
                None => view! {
                    <h1>"Connected — you can close this window"</h1>
                    <p class="lead">"The server accepted the sign-in. Patchbay has updated the tool in your other window."</p>
                }.into_any(),
                Some(e) => view! {
                    <h1>"The sign-in did not finish"</h1>
                    <p class="error" role="alert">{e}</p>
                    <p>"You can try again from the tool's page while its sign-in window is still open."</p>
                }.into_any(),
            }}
            <p><a href=tool_link>"Go to the tool"</a></p>
        </section>
    }
    .into_any()
}
