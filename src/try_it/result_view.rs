//! A call's answer as a person wants it: each part in its own shape, `structuredContent`
//! beside them, errors in an error style, and how long it took.

use super::json_tree::JsonTree;
use super::result::{Outcome, Part, size_words};
use crate::format::duration_words;
use leptos::prelude::*;

#[component]
pub fn ResultView(
    /// What the tool answered.
    outcome: Outcome,
    /// How long the call took, measured here.
    ms: u64,
) -> impl IntoView {
    let Outcome { parts, structured, is_error, hidden_parts } = outcome;
    let heading = if is_error { "The tool answered with an error" } else { "Result" };
    let empty = parts.is_empty() && structured.is_none();
    let beside = structured.is_some();
    view! {
        <section class="try-result" class:result-error=is_error>
            <h4>{heading}" "<span class="muted small">{format!("· took {}", duration_words(ms))}</span></h4>
            {empty.then(|| view! { <p class="muted">"The tool answered with no content."</p> })}
            <div class="result-body" class:with-structured=beside>
                <div class="result-parts">
                    {parts.into_iter().map(part_view).collect_view()}
                    {(hidden_parts > 0).then(|| view! { <p class="muted">{format!("… and {hidden_parts} more parts not shown.")}</p> })}
                </div>
                {structured.map(|value| view! {
                    <div class="result-structured">
                        <h5>"Structured content"</h5>
                        <JsonTree value />
                    </div>
                })}
            </div>
        </section>
    }
}

fn part_view(part: Part) -> AnyView {
    match part {
        Part::Text { text, cut } => view! {
            <pre class="result-text">{text}</pre>
            {(cut > 0).then(|| view! { <p class="muted small">{format!("… {cut} more characters not shown.")}</p> })}
        }
        .into_any(),
        Part::Json(value) => view! { <JsonTree value /> }.into_any(),
        Part::Image { src, mime } => view! { <img class="result-image" src=src alt=format!("Image from the tool ({mime})") /> }.into_any(),
        Part::Audio { src, mime, bytes } => view! {
            <p><a href=src download="audio">{format!("Download the audio ({mime}, {})", size_words(bytes))}</a></p>
        }
        .into_any(),
        Part::Link { name, uri, href, description } => view! {
            <div class="result-link">
                {match href {
                    Some(href) => view! { <a href=href target="_blank" rel="noopener noreferrer">{name}</a> }.into_any(),
                    None => view! { <span>{name}</span> }.into_any(),
                }}
                " "<code>{uri}</code>
                {description.map(|d| view! { <p class="muted small">{d}</p> })}
            </div>
        }
        .into_any(),
        Part::Resource { uri, mime, text, bytes } => view! {
            <div class="result-resource">
                <p class="small">"Resource "<code>{uri}</code>{mime.map(|m| format!(" ({m})"))}</p>
                {text.map(|t| view! { <pre class="result-text">{t}</pre> })}
                {bytes.map(|b| view! { <p class="muted small">{format!("Binary content, {}.", size_words(b))}</p> })}
            </div>
        }
        .into_any(),
        Part::Other { kind, raw } => view! {
            <div class="result-other">
                <p class="muted small">{format!("A part of type \"{kind}\" that this page cannot show; as sent:")}</p>
                <JsonTree value=raw />
            </div>
        }
        .into_any(),
    }
}
