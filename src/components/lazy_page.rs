//! A page whose code downloads on its first visit: a loading line meanwhile, and a
//! sentence saying what to do if the code cannot be fetched (offline, deploy under way).

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::pin::Pin;

/// Builds a lazily loaded page's view; its code lives in the page's own wasm part.
pub type PageView = fn() -> AnyView;

/// Fetches a page's wasm part (at once if it is already loaded) and hands back its view.
pub type PageCode = Pin<Box<dyn Future<Output = Result<PageView, SplitLoaderError>>>>;

/// Declares a wasm split point that holds one page: `lazy_page!(name, PageComponent)`
/// defines `name::load`, for `<LazyPage load=name::load />`. Everything only that page
/// uses moves into the part; the splitter keeps what the first page also needs in main.
#[macro_export]
macro_rules! lazy_page {
    ($name:ident, $page:ident) => {
        mod $name {
            use super::*;
            use leptos::wasm_split::{SplitLoaderError, wasm_split};
            use $crate::components::lazy_page::{PageCode, PageView};

            // `fallible`: a failed download comes back as an error instead of a panic,
            // which would abort the whole app.
            #[wasm_split($name, fallible, wasm_split_path = ::leptos::wasm_split)]
            fn view() -> Result<PageView, SplitLoaderError> {
                Ok(|| leptos::prelude::view! { <$page /> }.into_any())
            }

            pub fn load() -> PageCode {
                Box::pin(view())
            }
        }
    };
}

/// Shows a lazily loaded page once its code is here.
#[component]
pub fn LazyPage(
    /// The page's `load` from [`lazy_page!`].
    load: fn() -> PageCode,
) -> impl IntoView {
    // A plain signal, not a resource under `<Suspense>`: a Suspense here would also catch
    // the page's own resources and swap the whole page for the loading line on each refetch.
    let code = RwSignal::new(Code::Loading);
    leptos::task::spawn_local(async move {
        let loaded = load().await.map_or(Code::Failed, Code::Ready);
        // The person may have left the page already.
        code.try_set(loaded);
    });
    move || match code.get() {
        Code::Loading => view! {
            <section class="page">
                <p class="muted page-loading" role="status">"Loading this page…"</p>
            </section>
        }
        .into_any(),
        Code::Ready(page) => page(),
        Code::Failed => view! { <LoadFailed /> }.into_any(),
    }
}

#[derive(Clone, Copy)]
enum Code {
    Loading,
    Ready(PageView),
    Failed,
}

/// Why the page is missing and the one thing that fixes it.
#[component]
fn LoadFailed() -> impl IntoView {
    let reload = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    view! {
        <section class="page narrow">
            <h1>"This page could not be loaded"</h1>
            <div class="error" role="alert">
                <p>"Patchbay could not download this page's code: you may be offline, \
                    or a new version of Patchbay is being deployed."</p>
                <p>"Check your connection, then reload the page."</p>
                <button type="button" on:click=reload>"Reload the page"</button>
            </div>
        </section>
    }
}
