use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_answers_ok_once_the_database_is_open() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ok");
}
