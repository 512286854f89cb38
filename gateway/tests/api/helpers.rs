//! Spawns the gateway in-process on a random loopback port with a fresh data dir.

use patchbay_gateway::{Config, app, state::AppState};

pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    pub config: Config,
    /// Held so the data dir lives as long as the test.
    pub _data_dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let config = Config::for_tests(data_dir.path().to_path_buf());
    spawn_with(config, data_dir).await
}

pub async fn spawn_with(mut config: Config, data_dir: tempfile::TempDir) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().unwrap();
    config.listen = addr;
    let state = AppState::open(config.clone()).await.expect("open state");
    patchbay_gateway::lifecycle::spawn(state.clone());
    tokio::spawn(async move { axum::serve(listener, app(state)).await.unwrap() });
    TestApp { base: format!("http://{addr}"), http: reqwest::Client::new(), config, _data_dir: data_dir }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.expect("request")
    }
}
