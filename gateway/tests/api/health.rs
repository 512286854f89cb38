use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_answers_ok_once_the_database_is_open() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn the_suite_runs_on_the_database_it_was_asked_for() {
    let app = crate::helpers::spawn_app().await;
    let expected = if crate::helpers::on_postgres() {
        patchbay_gateway::db::Backend::Postgres
    } else {
        patchbay_gateway::db::Backend::Sqlite
    };
    assert_eq!(app.state.db.backend, expected);
}
